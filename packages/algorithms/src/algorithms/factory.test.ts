import { describe, expect, it } from 'vitest';
import { createNode, implementedAlgorithms, isImplemented } from './factory';
import { options, treeView } from './test-support';

describe('createNode', () => {
  it('builds every implemented algorithm', () => {
    expect(implementedAlgorithms()).toEqual(['rfast', 'naive', 'allreduce', 'dpsgd', 'adpsgd']);
    for (const algorithm of implementedAlgorithms()) {
      const node = createNode(algorithm, options(treeView('r'), [0, 0]));
      expect(node.algorithm).toBe(algorithm);
      expect(node.id).toBe('r');
    }
  });

  it('refuses an algorithm that is not implemented yet, naming the available ones', () => {
    expect(isImplemented('synthesis')).toBe(false);
    expect(() => createNode('synthesis', options(treeView('r'), [0]))).toThrow(/"synthesis" is not implemented yet \(available: rfast/);
  });

  it('refuses a non-positive learning rate', () => {
    expect(() => createNode('rfast', options(treeView('r'), [0], { learningRate: 0 }))).toThrow(/learningRate/);
  });
});
