/** Short human formats shared by the live progress, the summary table and the report. */

export { formatBytes } from '../../browser-node/src/ui/format';

export const formatPercent = (fraction: number | null): string => (fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`);

export const formatSeconds = (seconds: number | null, limit?: number): string => {
  if (seconds === null) return limit === undefined ? 'not reached' : `> ${limit} s`;
  return `${seconds.toFixed(1)} s`;
};
