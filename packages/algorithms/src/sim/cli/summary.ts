/** The console summary: one row per algorithm. */
import Table from 'cli-table3';
import type { SimResult } from '../index';
import { formatShort } from './format';

export function summaryTable(results: readonly SimResult[], target: number): string {
  const table = new Table({
    head: ['algorithm', 'final rel error', 'worst node', `time to ${formatShort(target)}`, 'messages', 'lost', 'bytes', 'real ms', 'η'],
    style: { head: [], border: [] },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of results) {
    const f = r.final;
    table.push([
      r.config.algorithm,
      formatShort(f.relErrorMean),
      formatShort(f.relErrorWorst),
      formatShort(r.timeToTarget(target)),
      String(f.messagesSent),
      String(f.messagesLost),
      formatShort(f.bytesSent),
      String(Math.round(r.realTimeMs)),
      // η actually used (the simulator's per-algorithm default unless --lr was given).
      formatShort(r.learningRate),
    ]);
  }
  return table.toString();
}

/** The same for a real model: held-out accuracy instead of distance to an optimum. */
export function accuracySummaryTable(results: readonly SimResult[], target: number): string {
  const table = new Table({
    head: ['algorithm', 'final accuracy', 'held-out loss', `time to ${Math.round(target * 100)}%`, 'messages', 'lost', 'bytes', 'real ms', 'η'],
    style: { head: [], border: [] },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of results) {
    const f = r.final;
    table.push([
      r.config.algorithm,
      (f.accuracy ?? Number.NaN).toFixed(3),
      formatShort(f.heldOutLoss ?? Number.NaN),
      formatShort(r.timeToAccuracy(target)),
      String(f.messagesSent),
      String(f.messagesLost),
      formatShort(f.bytesSent),
      String(Math.round(r.realTimeMs)),
      formatShort(r.learningRate),
    ]);
  }
  return table.toString();
}
