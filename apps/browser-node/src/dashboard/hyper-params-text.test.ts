import { describe, expect, it } from 'vitest';
import { describeParams } from '@canopy/algorithms';
import { parseParamsText } from './hyper-params-text';

describe('hyper-parameter field', () => {
  it('reads name=value settings for the chosen algorithm, scoped or not, separated by commas or spaces', () => {
    expect(parseParamsText('stableDelay=20', 'rfast')).toEqual({ ok: true, params: { stableDelay: 20 } });
    expect(parseParamsText(' tau=3,  alpha=0.4 overlap-local-sgd.beta=0.5 ', 'overlap-local-sgd')).toEqual({ ok: true, params: { tau: 3, alpha: 0.4, beta: 0.5 } });
    expect(parseParamsText('', 'allreduce')).toEqual({ ok: true, params: {} });
  });

  it('names the problem: a parameter the algorithm does not read, a bad value, a malformed setting', () => {
    expect(parseParamsText('H=4', 'rfast')).toEqual({ ok: false, problem: expect.stringContaining('none of the selected algorithms (rfast) reads H') });
    expect(parseParamsText('stableDelay=2.5', 'rfast')).toEqual({ ok: false, problem: 'rfast.stableDelay must be an integer ≥ 0, got 2.5' });
    expect(parseParamsText('stableDelay', 'rfast')).toMatchObject({ ok: false, problem: expect.stringContaining('expected') });
    expect(parseParamsText('H=2 H=3', 'local-sgd')).toMatchObject({ ok: false, problem: 'H is given twice' });
  });

  it('shows the room params back in the same form', () => {
    expect(describeParams({ tau: 3, alpha: 0.4 })).toBe('tau=3, alpha=0.4');
    expect(describeParams(undefined)).toBe('');
    const shown = describeParams({ stableDelay: 20 });
    expect(parseParamsText(shown, 'rfast')).toEqual({ ok: true, params: { stableDelay: 20 } });
  });
});
