import type { MetricsSample } from '@canopy/protocol';

/**
 * One row per report; the `links` column holds the number of links (their counters are only in the JSON
 * export: a variable number of links does not fit fixed columns). Every string field here is schema-restricted to
 * [a-zA-Z0-9._-], so no quoting is needed (a language model's free-text sample is not a column).
 */
export const METRICS_CSV_COLUMNS = [
  'at',
  'room',
  'peerId',
  'runId',
  'epoch',
  'step',
  'loss',
  'trainAccuracy',
  'heldOutAccuracy',
  'heldOutLoss',
  'stepMs',
  'backend',
  'bytesSent',
  'bytesReceived',
  'messagesSent',
  'messagesReceived',
  'injectedDrops',
  'malformedFrames',
  'staleness',
  'delayScale',
  'links',
] as const satisfies readonly (keyof MetricsSample)[];

function cell(value: MetricsSample[keyof MetricsSample]): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return String(value.length);
  return String(value);
}

export function metricsToCsv(samples: readonly MetricsSample[]): string {
  const lines = [METRICS_CSV_COLUMNS.join(',')];
  for (const sample of samples) lines.push(METRICS_CSV_COLUMNS.map((column) => cell(sample[column])).join(','));
  return `${lines.join('\n')}\n`;
}
