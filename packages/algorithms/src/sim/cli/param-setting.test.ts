import { describe, expect, it } from 'vitest';
import type { AlgorithmName } from '../../node';
import { describeParams, parseParamSetting, resolveParams, type ParamSetting } from './param-setting';

function setting(raw: string): ParamSetting {
  const parsed = parseParamSetting(raw);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

const problemOf = (raw: string): string => {
  const parsed = parseParamSetting(raw);
  return parsed.ok ? '(accepted)' : parsed.problem;
};

describe('parseParamSetting', () => {
  it('reads scoped and unscoped settings', () => {
    expect(setting('local-sgd.H=8')).toEqual({ algorithm: 'local-sgd', name: 'H', value: 8, raw: 'local-sgd.H=8' });
    expect(setting(' alpha = 0.25 ')).toMatchObject({ algorithm: undefined, name: 'alpha', value: 0.25 });
    expect(setting('pc-asgd.lambda=1e-2')).toMatchObject({ algorithm: 'pc-asgd', name: 'lambda', value: 0.01 });
  });

  it.each([
    ['H', 'expected algo.name=value or name=value, got "H"'],
    ['=3', 'expected algo.name=value'],
    ['H=', 'expected algo.name=value'],
    ['a.b.c=1', 'expected algo.name=value'],
    ['H=four', 'expected a number for H, got "four"'],
    ['H=Infinity', 'expected a number for H'],
    ['sgd.H=2', 'unknown algorithm "sgd" in "sgd.H=2" (accepted: rfast, naive, allreduce'],
    ['local-sgd.K=2', 'local-sgd has no hyper-parameter "K" (accepted: H)'],
    ['allreduce.H=2', 'allreduce has no hyper-parameters (those that do: rfast: stableDelay, staleAge, screening, localSteps; naive: stableDelay, staleAge, screening, localSteps; local-sgd: H; overlap-local-sgd: tau, alpha, beta;'],
    ['rfast.H=2', 'rfast has no hyper-parameter "H" (accepted: stableDelay, staleAge, screening, localSteps)'],
    ['Delta=2', 'no algorithm has a hyper-parameter "Delta" (accepted: rfast: stableDelay, staleAge, screening, localSteps; naive: stableDelay, staleAge, screening, localSteps; local-sgd: H;'],
    ['rfast.stableDelay=2.5', 'rfast.stableDelay must be an integer ≥ 0, got 2.5'],
    ['staleAge=-1', 'rfast.staleAge must be an integer ≥ 0, got -1'],
    ['screening=0.5', 'rfast.screening must be 0 (off) or 1 (on), got 0.5'],
    ['H=0', 'local-sgd.H must be a positive integer, got 0'],
    ['local-sgd.H=2.5', 'local-sgd.H must be a positive integer, got 2.5'],
    ['overlap-local-sgd.alpha=1', 'overlap-local-sgd.alpha must be a number in (0, 1), got 1'],
    ['beta=1.5', 'overlap-local-sgd.beta must be a number in [0, 1], got 1.5'],
    ['pc-asgd.theta=-0.1', 'pc-asgd.theta must be a number in [0, 1], got -0.1'],
    ['lambda=-1', 'pc-asgd.lambda must be a finite number ≥ 0, got -1'],
    ['synthesis.delta=-1', 'synthesis.delta must be an integer ≥ 0, got -1'],
    ['q=0', 'synthesis.q must be a positive integer, got 0'],
  ])('refuses %j, naming what is accepted', (raw, problem) => {
    expect(problemOf(raw)).toContain(problem);
  });

  it('accepts the ends of closed ranges', () => {
    for (const raw of ['beta=0', 'beta=1', 'pc-asgd.theta=0', 'theta=1', 'delta=0', 'clip=0', 'lambda=0']) expect(problemOf(raw)).toBe('(accepted)');
  });
});

describe('resolveParams', () => {
  const resolve = (raws: readonly string[], selected: readonly AlgorithmName[]) => resolveParams(raws.map(setting), selected);

  it('gives an unscoped setting to every selected algorithm that reads it, and nothing to the others', () => {
    expect(resolve(['H=8', 'tau=3'], ['rfast', 'local-sgd', 'overlap-local-sgd'])).toEqual({
      ok: true,
      value: { 'local-sgd': { H: 8 }, 'overlap-local-sgd': { tau: 3 } },
    });
  });

  it('lets a scoped setting win over an unscoped one, in either order', () => {
    const expected = { ok: true, value: { 'overlap-local-sgd': { alpha: 0.5, beta: 0.2 } } };
    expect(resolve(['alpha=0.3', 'overlap-local-sgd.alpha=0.5', 'beta=0.2'], ['overlap-local-sgd'])).toEqual(expected);
    expect(resolve(['overlap-local-sgd.alpha=0.5', 'alpha=0.3', 'beta=0.2'], ['overlap-local-sgd'])).toEqual(expected);
  });

  it('gives nothing when no setting is made', () => {
    expect(resolve([], ['local-sgd', 'synthesis'])).toEqual({ ok: true, value: {} });
  });

  it.each([
    [['local-sgd.H=3'], ['rfast'], '"local-sgd.H=3": local-sgd is not among the selected algorithms (rfast)'],
    [['H=3'], ['rfast', 'allreduce'], '"H=3": none of the selected algorithms (rfast, allreduce) reads H (read by: local-sgd)'],
    [['H=3', 'H=4'], ['local-sgd'], 'H is given twice'],
    [['local-sgd.H=3', 'local-sgd.H=4'], ['local-sgd'], 'local-sgd.H is given twice'],
  ] as const)('refuses %j with --algo %j', (raws, selected, problem) => {
    expect(resolve(raws, selected)).toEqual({ ok: false, problem });
  });
});

describe('describeParams', () => {
  it('lists name=value pairs in order', () => {
    expect(describeParams({ tau: 3, alpha: 0.5 })).toBe('tau=3, alpha=0.5');
    expect(describeParams(undefined)).toBe('');
  });
});
