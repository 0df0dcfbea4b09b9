import { describe, expect, it } from 'vitest';
import { fakeResult, sample } from './fake-result';
import { createProgress, plainBlock, resolveMode, type TabView } from './progress';

const [root, slow] = fakeResult().tabs;
const views: TabView[] = [
  { info: root!, sample: sample(120, 0.8, { isRoot: true, bytesSent: 2048 }), accuracy: 0.8 },
  { info: slow!, sample: null, accuracy: 0.5 },
];

describe('plainBlock', () => {
  it('prints one aligned line per tab with its figures', () => {
    expect(plainBlock(12.4, views).split('\n')).toEqual([
      '[  12 s] tab1 (root)  acc 80.0% | step 120 | sent 2.00 KiB | recv 105.5 KiB | drops 0',
      '[  12 s] tab2 (slow)  acc 50.0% | (no status)',
    ]);
  });
});

describe('resolveMode', () => {
  it('uses the redrawn bars only on a terminal', () => {
    expect(resolveMode('auto', true)).toBe('bar');
    expect(resolveMode('auto', false)).toBe('lines');
    expect(resolveMode('lines', true)).toBe('lines');
  });
});

describe('the plain progress', () => {
  it('prints a block every 10 s of training, messages at once, and the final state on stop', () => {
    const out: string[] = [];
    const progress = createProgress('lines', 60, (t) => out.push(t));
    for (const t of [0, 4, 9, 10, 15, 21, 23]) progress.update(t, views);
    progress.message('hello');
    progress.stop();
    const stamps = out.map((block) => block.split('\n')[0]?.slice(0, 8));
    expect(stamps).toEqual(['[   0 s]', '[  10 s]', '[  21 s]', 'hello', '[  23 s]']);
  });

  it('prints nothing but messages with --progress none', () => {
    const out: string[] = [];
    const progress = createProgress('none', 60, (t) => out.push(t));
    progress.update(30, views);
    progress.message('only this');
    progress.stop();
    expect(out).toEqual(['only this']);
  });
});
