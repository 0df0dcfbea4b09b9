/**
 * When the cluster may start: every tab joined the same epoch of the current run, prepared its model and data
 * (the runner says 'paused' only once it could step) and has an open link to each tree neighbour.
 */
import { linksReady, type StatusRead } from '../../../packages/harness/src/tab-status';

export interface Readiness {
  readonly ready: boolean;
  /** Why not yet, one entry per tab that is not ready (for the timeout message). */
  readonly pending: readonly string[];
  /** A tab reported a fatal problem: no point waiting. */
  readonly failed: string | null;
}

export function clusterReadiness(names: readonly string[], reads: readonly StatusRead[], runId: number): Readiness {
  const pending: string[] = [];
  const epochs = new Set<number | null>();
  for (const [i, read] of reads.entries()) {
    const name = names[i] ?? `tab${i + 1}`;
    if (read.kind !== 'ok') {
      pending.push(`${name}: ${read.kind === 'loading' ? 'page loading' : `${read.reason} (${read.detail})`}`);
      continue;
    }
    const s = read.status;
    if (s.error !== null) return { ready: false, pending, failed: `${name}: ${s.error}` };
    epochs.add(s.epoch);
    if (s.connection !== 'joined') pending.push(`${name}: ${s.connection}`);
    else if (s.runId !== runId) pending.push(`${name}: run ${s.runId ?? '—'}, expected ${runId}`);
    else if (s.waiting !== 'paused') pending.push(`${name}: ${s.waiting ?? 'stepping while the room should be paused'}`);
    else if (!linksReady(s)) pending.push(`${name}: links ${s.links.map((l) => `${l.peer}:${l.state}`).join(' ') || 'none yet'}`);
  }
  if (pending.length === 0 && epochs.size > 1) pending.push(`tabs at different epochs: ${[...epochs].join(', ')}`);
  return { ready: pending.length === 0, pending, failed: null };
}
