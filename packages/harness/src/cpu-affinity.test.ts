import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { placeThreads, threadsNamed } from './cpu-affinity';

/** The cores a thread may run on, as Linux lists them ("1", "0-1"). */
const coresOf = (pid: number, tid: number): string => /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))?.[1] ?? '?';

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

async function startChild(): Promise<number> {
  child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 200)); // let it start its threads
  return child.pid!;
}

describe.runIf(process.platform === 'linux')('placeThreads', () => {
  it('finds a process’s threads by name', async () => {
    const pid = await startChild();
    expect(threadsNamed(pid, /^node$/).length).toBeGreaterThan(0);
    expect(threadsNamed(pid, /^DedicatedWorker/)).toEqual([]);
    expect(threadsNamed(2 ** 22 + 1, /./)).toEqual([]); // no such process
  });

  it('pinned: the measured process’s matching threads alone on core 0, this process on core 1; shared undoes it', async () => {
    const pid = await startChild();
    const all = `0-${cpus().length - 1}`;
    try {
      const pinned = placeThreads('pinned', pid, /^node$/);
      if (cpus().length < 2) {
        expect(pinned.applied).toBe(false);
        return;
      }
      expect(pinned).toMatchObject({ applied: true });
      expect(threadsNamed(pid, /^node$/).map((tid) => coresOf(pid, tid))).toEqual(Array(pinned.workerThreads).fill('0'));
      expect(coresOf(process.pid, process.pid)).toBe(cpus().length === 2 ? '1' : `1-${cpus().length - 1}`);
    } finally {
      placeThreads('shared', pid);
    }
    expect(coresOf(process.pid, process.pid)).toBe(all);
    expect(new Set(threadsNamed(pid, /./).map((tid) => coresOf(pid, tid)))).toEqual(new Set([all]));
  });
});
