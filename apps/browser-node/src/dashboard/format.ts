/** Short, fixed-width-ish texts for numbers in tables and tooltips; '–' for unknown. */
const DASH = '–';

export function formatPercent(value: number | null, digits = 1): string {
  return value === null || !Number.isFinite(value) ? DASH : `${(value * 100).toFixed(digits)}%`;
}

export function formatNumber(value: number | null, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  return Math.abs(value) >= 1_000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
}

export function formatBytes(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value;
  let unit = 0;
  while (v >= 1_000 && unit < units.length - 1) {
    v /= 1_000;
    unit++;
  }
  return `${unit === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[unit]}`;
}

export function formatRate(perSecond: number | null, unit = 'msg'): string {
  return perSecond === null || !Number.isFinite(perSecond) ? DASH : `${perSecond.toFixed(perSecond < 10 ? 1 : 0)} ${unit}/s`;
}

export function formatCount(value: number | null): string {
  return value === null ? DASH : value.toLocaleString('en-US');
}
