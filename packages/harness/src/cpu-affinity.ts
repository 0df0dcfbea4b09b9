/**
 * Pins threads to cores (Linux, util-linux's taskset), so a benchmark can give the thread it measures a
 * core of its own: every other thread of the run (the other pages, the network service, the measured
 * page's own WebRTC threads, this process) shares the remaining cores (on 2 cores, the second one), as if
 * they ran on another machine or on the spare cores of a bigger one. Elsewhere, or without taskset, it
 * does nothing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { sampleProcessCpu } from './process-cpu';

/** Chromium names a dedicated worker's thread "DedicatedWorker thread" (comm keeps 15 characters). */
export const WORKER_THREAD = /^DedicatedWorker/;

function taskset(args: readonly string[]): boolean {
  try {
    execFileSync('taskset', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The thread ids of `pid` whose name matches `pattern`. */
export function threadsNamed(pid: number, pattern: RegExp): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.map(Number).filter((tid) => {
    try {
      return pattern.test(readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim());
    } catch {
      return false;
    }
  });
}

/** Where a phase's threads may run: `pinned` gives the measured page's workers core 0 to themselves. */
export type Placement = 'pinned' | 'shared';

export interface PlacementResult {
  /** Whether the placement took (Linux, taskset present, 2 or more cores, the workers found). */
  readonly applied: boolean;
  /** Worker threads of the measured page put on core 0 (pinned only). */
  readonly workerThreads: number;
}

/** Every thread of this process and its descendants on `cores`; false if any could not be moved. */
function placeAll(cores: string): boolean {
  const processes = sampleProcessCpu() ?? [];
  let moved = taskset(['-a', '-p', '-c', cores, String(process.pid)]);
  // A process that ended since the listing cannot be moved, and needs not be.
  for (const { pid } of processes) moved = taskset(['-a', '-p', '-c', cores, String(pid)]) && moved;
  return moved;
}

/**
 * pinned: core 0 for the dedicated-worker threads of `measuredPid` (where training runs), the other cores for
 * every other thread of this process and its descendants. shared: every thread on every core. Call it before
 * each phase: a thread started since inherits its creator's cores.
 */
export function placeThreads(placement: Placement, measuredPid: number, workerThread: RegExp = WORKER_THREAD): PlacementResult {
  // Not availableParallelism(): that counts this process's own affinity, which pinning narrows to 1.
  const cores = cpus().length;
  if (process.platform !== 'linux' || cores < 2) return { applied: false, workerThreads: 0 };
  if (placement === 'shared') return { applied: placeAll(`0-${cores - 1}`), workerThreads: 0 };
  placeAll(`1-${cores - 1}`);
  const workers = threadsNamed(measuredPid, workerThread);
  const pinned = workers.filter((tid) => taskset(['-p', '-c', '0', String(tid)]));
  return { applied: workers.length > 0 && pinned.length === workers.length, workerThreads: pinned.length };
}
