import { describe, expect, it } from 'vitest';
import { createNode, implementedAlgorithms } from '../../algorithms/index';
import { options, treeView } from '../../algorithms/test-support';
import type { AlgorithmName } from '../../node';
import { HYPER_PARAMS, catalogueAlgorithms } from './hyper-param-catalogue';

/** The names a freshly built node (and its first plan) looks up in params. */
function namesRead(algorithm: AlgorithmName): string[] {
  const read = new Set<string>();
  const spy = new Proxy<Record<string, number>>({}, {
    get: (_target, key) => (typeof key === 'string' && read.add(key), undefined),
    has: (_target, key) => (typeof key === 'string' && read.add(key), false),
  });
  const node = createNode(algorithm, options(treeView('r', { children: ['a', 'b'] }), [0, 0], { params: spy }));
  node.plan();
  return [...read].sort();
}

const builds = (algorithm: AlgorithmName, name: string, value: number): boolean => {
  try {
    createNode(algorithm, options(treeView('r'), [0, 0], { params: { [name]: value } }));
    return true;
  } catch (error) {
    if (error instanceof RangeError && error.message.includes(name)) return false;
    throw error;
  }
};

describe('hyper-parameter catalogue', () => {
  it('covers every implemented algorithm', () => {
    expect(catalogueAlgorithms().sort()).toEqual(implementedAlgorithms().sort());
  });

  it.each(implementedAlgorithms())('lists exactly the names %s reads', (algorithm) => {
    expect(HYPER_PARAMS[algorithm].map((p) => p.name).sort()).toEqual(namesRead(algorithm));
  });

  // Integers, fractions, both ends of the unit interval, negatives and huge values: every range rule differs somewhere.
  const candidates = [-1, -0.5, 0, 0.25, 0.999, 1, 1.5, 2, 7, 1e9];
  const entries = catalogueAlgorithms().flatMap((a) => HYPER_PARAMS[a].map((p) => [a, p.name] as const));

  it.each(entries)('accepts exactly the values the %s node accepts for %s', (algorithm, name) => {
    const rule = HYPER_PARAMS[algorithm].find((p) => p.name === name)?.rule;
    for (const value of candidates) expect([value, rule?.valid(value)]).toEqual([value, builds(algorithm, name, value)]);
  });
});
