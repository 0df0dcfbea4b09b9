/** The console summary: one row per algorithm. */
import Table from 'cli-table3';
import type { SimResult } from '../index';
import { formatShort } from './format';

/** The three quality columns of a problem kind: their heads and how a result fills them. */
interface QualityColumns {
  readonly head: readonly [string, string, string];
  cells(result: SimResult): [string, string, string];
}

function table(results: readonly SimResult[], quality: QualityColumns): string {
  const out = new Table({
    head: ['algorithm', ...quality.head, 'messages', 'lost', 'bytes', 'real ms', 'η'],
    style: { head: [], border: [] },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of results) {
    const f = r.final;
    out.push([
      r.config.algorithm,
      ...quality.cells(r),
      String(f.messagesSent),
      String(f.messagesLost),
      formatShort(f.bytesSent),
      String(Math.round(r.realTimeMs)),
      // η actually used (the simulator's per-algorithm default unless --lr was given).
      formatShort(r.learningRate),
    ]);
  }
  return out.toString();
}

export function summaryTable(results: readonly SimResult[], target: number): string {
  return table(results, {
    head: ['final rel error', 'worst node', `time to ${formatShort(target)}`],
    cells: (r) => [formatShort(r.final.relErrorMean), formatShort(r.final.relErrorWorst), formatShort(r.timeToTarget(target))],
  });
}

/** The same for a real model: held-out accuracy instead of distance to an optimum. */
export function accuracySummaryTable(results: readonly SimResult[], target: number): string {
  return table(results, {
    head: ['final accuracy', 'held-out loss', `time to ${Math.round(target * 100)}%`],
    cells: (r) => [(r.final.accuracy ?? Number.NaN).toFixed(3), formatShort(r.final.heldOutLoss ?? Number.NaN), formatShort(r.timeToAccuracy(target))],
  });
}
