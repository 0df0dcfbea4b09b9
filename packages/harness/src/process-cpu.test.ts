import { describe, expect, it } from 'vitest';
import { coresBetween, descendantsOf, kindOf, parseStat, sampleProcessCpu } from './process-cpu';

describe('process CPU sampling', () => {
  it('parses ppid and user+system ticks, even with spaces and parentheses in the command name', () => {
    const line = '4242 (Chrome_Child (x) y) S 4200 4242 31770 0 -1 4194304 100 0 0 0 150 25 0 0 20 0 9 0 527569 3133440 406';
    expect(parseStat(line)).toEqual({ ppid: 4200, ticks: 175 });
    expect(parseStat('garbage')).toBeUndefined();
  });

  it('classifies Chromium processes by their --type', () => {
    expect(kindOf('/usr/lib/chromium/chromium\0--type=renderer\0--lang=en')).toBe('renderer');
    expect(kindOf('/usr/lib/chromium/chromium\0--type=utility\0--utility-sub-type=network.mojom.NetworkService')).toBe('network');
    expect(kindOf('/usr/lib/chromium/chromium\0--type=utility\0--utility-sub-type=storage.mojom.StorageService')).toBe('utility');
    expect(kindOf('/usr/lib/chromium/chromium\0--type=gpu-process')).toBe('gpu');
    expect(kindOf('/usr/lib/chromium/chromium\0--headless')).toBe('browser');
    expect(kindOf('/usr/bin/node\0server.js')).toBe('other');
    // After Chromium rewrites its process title the arguments are joined by spaces.
    expect(kindOf('/usr/lib/chromium/chromium --type=renderer --lang=en-US')).toBe('renderer');
    expect(kindOf('/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService')).toBe('network');
  });

  it('finds descendants through any depth, and not the unrelated or a cycle', () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [20, 1],
      [30, 31],
      [31, 30],
    ]);
    expect([...descendantsOf(10, parents)].sort()).toEqual([11, 12]);
  });

  it('turns CPU seconds between samples into cores', () => {
    const before = [{ pid: 5, kind: 'renderer' as const, cpuSeconds: 1 }];
    const after = [
      { pid: 5, kind: 'renderer' as const, cpuSeconds: 3 },
      { pid: 6, kind: 'network' as const, cpuSeconds: 0.5 },
    ];
    const cores = coresBetween(before, after, 2);
    expect(cores.get(5)).toEqual({ kind: 'renderer', cores: 1 });
    expect(cores.get(6)).toEqual({ kind: 'network', cores: 0.25 });
  });

  it('sees a child process of this one on Linux', async () => {
    if (process.platform !== 'linux') {
      expect(sampleProcessCpu()).toBeNull();
      return;
    }
    const { spawn } = await import('node:child_process');
    const child = spawn('sleep', ['5']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sampleProcessCpu()?.some((p) => p.pid === child.pid)).toBe(true);
    } finally {
      child.kill();
    }
  });
});
