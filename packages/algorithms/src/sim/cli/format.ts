/** Deterministic number formatting shared by the CSV and the summary: same number → same text, everywhere. */

/** Integers exactly, others with 10 significant digits and no trailing zeros; NaN and ±Inf spelled out. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (Number.isSafeInteger(value)) return String(value);
  return trimZeros(value.toPrecision(10));
}

/** Short form for tables: 4 significant digits. */
export function formatShort(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isNaN(value)) return 'n/a';
  if (Number.isSafeInteger(value)) return String(value);
  // Small errors read better as 1.716e-5 than as 0.00001716.
  if (value !== 0 && Math.abs(value) < 1e-3) return trimZeros(value.toExponential(3));
  return trimZeros(value.toPrecision(4));
}

function trimZeros(text: string): string {
  const [mantissa = text, exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}
