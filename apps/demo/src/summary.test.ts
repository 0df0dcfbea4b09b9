import { describe, expect, it } from 'vitest';
import { fakeResult } from './fake-result';
import { describeSettings, summaryTable, targetLines } from './summary';

describe('summaryTable', () => {
  it('has a row per tab with role, accuracy, steps, bytes, drops and time to target', () => {
    const text = summaryTable(fakeResult());
    const row = (name: string) => text.split('\n').find((l) => l.includes(name)) ?? '';
    expect(row('tab1')).toMatch(/tab1\s+│\s+p1\s+│\s+root\s+│\s+wasm\s+│\s+93\.0%\s+│\s+200\s+│\s+10\.0\s+│\s+195\.3 KiB/);
    expect(row('tab2 (slow)')).toMatch(/92\.0%.*│\s+9\s+│\s+0\s+│\s+15\.0 s/);
  });

  it('says when the target was not reached within the run', () => {
    const result = fakeResult({ timeToTarget: { root: null, all: null }, trainedS: 60 });
    expect(targetLines(result)).toEqual([
      'time to 90.0% held-out accuracy, root tab: > 60 s',
      'time to 90.0% held-out accuracy, every tab: > 60 s',
    ]);
  });
});

describe('describeSettings', () => {
  it('names every setting that changes the outcome', () => {
    expect(describeSettings(fakeResult())).toBe('2 tabs · rfast · η 0.05 · batch 32 · IID shards · loss 0.3 · one tab 4× slower');
    const skewed = fakeResult();
    expect(describeSettings({ ...skewed, settings: { ...skewed.settings, tabs: 1, nonIid: 0.3, straggler: 1 } })).toContain(
      '1 tab · rfast · η 0.05 · batch 32 · Dirichlet α 0.3 · loss 0.3 · no straggler',
    );
  });

  it('names the hyper-parameters and the wire compression when the run set them', () => {
    const base = fakeResult();
    const tuned = { ...base, settings: { ...base.settings, algo: 'overlap-local-sgd' as const, params: { tau: 3, alpha: 0.5 } } };
    expect(describeSettings(tuned)).toContain('2 tabs · overlap-local-sgd (tau=3, alpha=0.5) · η 0.05');
    const squeezed = { ...base, settings: { ...base.settings, compression: 'q8' as const } };
    expect(describeSettings(squeezed)).toContain('rfast · q8 compression · η 0.05');
  });
});
