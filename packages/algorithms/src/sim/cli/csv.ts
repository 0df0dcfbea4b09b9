/** Long-format CSV of every metric sample of every run: one row per (algorithm, sample). */
import type { MetricSample, SimResult } from '../index';
import { formatNumber } from './format';

/** Column order of the file; real (wall-clock) time is deliberately absent so reruns are byte-identical. */
export const CSV_METRICS = [
  'time',
  'activations',
  'relErrorMean',
  'relErrorWorst',
  'consensus',
  'lossGap',
  'invariantResidual',
  'messagesSent',
  'messagesLost',
  'bytesSent',
  'epoch',
  'accuracy',
  'heldOutLoss',
] as const satisfies readonly (keyof MetricSample)[];

export function toCsv(results: readonly SimResult[]): string {
  const lines = [['algorithm', ...CSV_METRICS].join(',')];
  for (const result of results) {
    for (const sample of result.samples) {
      lines.push([result.config.algorithm, ...CSV_METRICS.map((m) => formatNumber(sample[m] ?? Number.NaN))].join(','));
    }
  }
  return lines.join('\n') + '\n';
}
