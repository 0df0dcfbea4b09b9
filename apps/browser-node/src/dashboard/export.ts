/**
 * Exports built in the browser from the samples the dashboard holds: one CSV row per report (every node's
 * series, every run, with the run's algorithm), and a JSON document with the runs and their samples.
 */
import { runLabel, type RunRecord, type RunSample } from './runs';

export const EXPORT_COLUMNS = [
  'runId',
  'algorithm',
  'peerId',
  'at',
  'seconds',
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
] as const;

type Column = (typeof EXPORT_COLUMNS)[number];

/** RFC 4180 quoting; every field is schema-restricted today, but an export must not break if that changes. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(run: RunRecord, s: RunSample): Record<Column, string | number | null> {
  return {
    runId: run.runId,
    algorithm: run.algorithm,
    peerId: s.peerId,
    at: s.at,
    seconds: (s.at - run.firstAt) / 1000,
    epoch: s.epoch,
    step: s.step,
    loss: s.loss,
    trainAccuracy: s.trainAccuracy,
    heldOutAccuracy: s.heldOutAccuracy,
    heldOutLoss: s.heldOutLoss ?? null,
    stepMs: s.stepMs,
    backend: s.backend,
    bytesSent: s.bytesSent,
    bytesReceived: s.bytesReceived,
    messagesSent: s.messagesSent,
    messagesReceived: s.messagesReceived,
    injectedDrops: s.injectedDrops,
    malformedFrames: s.malformedFrames,
    staleness: s.staleness,
    delayScale: s.delayScale,
  };
}

/** Runs oldest first, each run's rows by time then peer. */
export function runsToCsv(runs: readonly RunRecord[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const run of [...runs].sort((a, b) => a.runId - b.runId)) {
    const samples = [...run.samples].sort((a, b) => a.at - b.at || a.peerId.localeCompare(b.peerId));
    for (const s of samples) {
      const cells = row(run, s);
      lines.push(EXPORT_COLUMNS.map((c) => csvCell(cells[c])).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface RunsDocument {
  readonly room: string;
  readonly exportedAt: string;
  readonly runs: readonly {
    readonly runId: number;
    readonly label: string;
    readonly algorithm: string | null;
    readonly lossP: number | null;
    readonly peers: readonly string[];
    readonly samples: readonly RunSample[];
  }[];
}

export function runsToJson(room: string, runs: readonly RunRecord[], now: Date): string {
  const document: RunsDocument = {
    room,
    exportedAt: now.toISOString(),
    runs: [...runs]
      .sort((a, b) => a.runId - b.runId)
      .map((run) => ({
        runId: run.runId,
        label: runLabel(run),
        algorithm: run.algorithm,
        lossP: run.lossP,
        peers: [...run.peers].sort(),
        samples: [...run.samples].sort((a, b) => a.at - b.at),
      })),
  };
  return JSON.stringify(document, null, 1);
}

/** A file name safe everywhere: room names are already [a-zA-Z0-9_-]. */
export function exportFileName(room: string, extension: 'csv' | 'json' | 'png', now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replaceAll(':', '-');
  return `canopy-${room}-${stamp}.${extension}`;
}
