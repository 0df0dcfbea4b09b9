/**
 * Where the 2 cores went during a phase: the measured page (its renderer with all its workers), the other
 * pages, Chromium's network service (SCTP for every data channel), and the rest (browser, GPU, server).
 */
import { coresBetween, sampleProcessCpu, type ProcessKind } from '../../packages/harness/src/process-cpu';
import type { CpuBreakdown } from './schemas';

export type CoresByPid = ReadonlyMap<number, { readonly kind: ProcessKind; readonly cores: number }>;

/** Runs `phase` and reports the cores each descendant process used meanwhile (null without /proc). */
export async function withCpu<T>(phase: () => Promise<T>): Promise<{ readonly value: T; readonly cores: CoresByPid | null }> {
  const before = sampleProcessCpu();
  const started = performance.now();
  const value = await phase();
  const after = sampleProcessCpu();
  const seconds = (performance.now() - started) / 1000;
  return { value, cores: before === null || after === null ? null : coresBetween(before, after, seconds) };
}

/** The renderer that worked hardest: during a bare phase, the page that hosts the measured nodes. */
export function busiestRenderer(cores: CoresByPid | null): number | undefined {
  let best: { pid: number; cores: number } | undefined;
  for (const [pid, p] of cores ?? []) if (p.kind === 'renderer' && (best === undefined || p.cores > best.cores)) best = { pid, cores: p.cores };
  return best?.pid;
}

export function breakdown(cores: CoresByPid | null, measuredPid: number | undefined): CpuBreakdown | null {
  if (cores === null || measuredPid === undefined) return null;
  const out = { measuredPage: 0, otherPages: 0, network: 0, rest: 0 };
  for (const [pid, p] of cores) {
    if (pid === measuredPid) out.measuredPage += p.cores;
    else if (p.kind === 'renderer') out.otherPages += p.cores;
    else if (p.kind === 'network') out.network += p.cores;
    else out.rest += p.cores;
  }
  return out;
}
