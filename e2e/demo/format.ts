/** Short human formats shared by the live progress, the summary table and the report. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export const formatPercent = (fraction: number | null): string => (fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`);

export const formatSeconds = (seconds: number | null, limit?: number): string => {
  if (seconds === null) return limit === undefined ? 'not reached' : `> ${limit} s`;
  return `${seconds.toFixed(1)} s`;
};
