import { describe, expect, it } from 'vitest';
import type { AlgorithmName } from '../node';
import { createNode, implementedAlgorithms, isImplemented } from './factory';
import { options, treeView } from './test-support';

describe('createNode', () => {
  it('builds every implemented algorithm', () => {
    expect(implementedAlgorithms()).toEqual([
      'rfast',
      'naive',
      'allreduce',
      'dpsgd',
      'adpsgd',
      'local-sgd',
      'overlap-local-sgd',
      'pc-asgd',
      'synthesis',
    ]);
    for (const algorithm of implementedAlgorithms()) {
      const node = createNode(algorithm, options(treeView('r'), [0, 0]));
      expect(node.algorithm).toBe(algorithm);
      expect(node.id).toBe('r');
    }
  });

  it('refuses an unknown name (e.g. from an outdated peer), naming the available ones', () => {
    const unknown = 'sgd' as AlgorithmName;
    expect(isImplemented('synthesis')).toBe(true);
    expect(isImplemented(unknown)).toBe(false);
    expect(() => createNode(unknown, options(treeView('r'), [0]))).toThrow(/"sgd" is not implemented yet \(available: rfast, .*, synthesis\)/);
  });

  it('refuses a non-positive learning rate', () => {
    expect(() => createNode('rfast', options(treeView('r'), [0], { learningRate: 0 }))).toThrow(/learningRate/);
  });
});
