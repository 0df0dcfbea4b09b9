import { describe, expect, it } from 'vitest';
import { partitionIndices, shardIndices } from './shard';
import { seededRandom } from '../random';

const CLASSES = 10;
const labels = (() => {
  const random = seededRandom(7);
  return Uint8Array.from({ length: 8000 }, () => Math.floor(random() * CLASSES));
})();

/** Mean total-variation distance between each node's label histogram and the global one. */
function labelSkew(shards: readonly Int32Array[]): number {
  const histogram = (indices: ArrayLike<number>): number[] => {
    const h = new Array<number>(CLASSES).fill(0);
    for (let i = 0; i < indices.length; i++) h[labels[indices[i] as number] as number]! += 1 / indices.length;
    return h;
  };
  const global = histogram(Array.from({ length: labels.length }, (_, i) => i));
  const distances = shards.map((s) => histogram(s).reduce((sum, p, c) => sum + Math.abs(p - (global[c] as number)), 0) / 2);
  return distances.reduce((a, b) => a + b, 0) / distances.length;
}

function expectDisjointCovering(shards: readonly Int32Array[], total: number): void {
  const seen = new Uint8Array(total);
  for (const shard of shards) for (const i of shard) seen[i]! += 1;
  expect(seen.every((v) => v === 1)).toBe(true);
}

describe('shardIndices', () => {
  it('IID: near-equal sizes, disjoint, covering every sample', () => {
    for (const nodes of [1, 3, 7]) {
      const shards = partitionIndices(labels, { nodes, partition: { kind: 'iid' }, seed: 1 });
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expectDisjointCovering(shards, labels.length);
    }
  });

  it('IID shards follow the global label distribution', () => {
    expect(labelSkew(partitionIndices(labels, { nodes: 4, partition: { kind: 'iid' }, seed: 3 }))).toBeLessThan(0.05);
  });

  it('Dirichlet with small alpha is strongly label-skewed, large alpha is close to IID', () => {
    const skewed = partitionIndices(labels, { nodes: 5, partition: { kind: 'dirichlet', alpha: 0.1 }, seed: 3 });
    const mild = partitionIndices(labels, { nodes: 5, partition: { kind: 'dirichlet', alpha: 100 }, seed: 3 });
    expectDisjointCovering(skewed, labels.length);
    expectDisjointCovering(mild, labels.length);
    expect(labelSkew(skewed)).toBeGreaterThan(0.4);
    expect(labelSkew(mild)).toBeLessThan(0.1);
  });

  it('is deterministic per seed and changes with the seed', () => {
    const options = { nodes: 4, node: 2, partition: { kind: 'dirichlet', alpha: 0.5 }, seed: 11 } as const;
    expect(Array.from(shardIndices(labels, options))).toEqual(Array.from(shardIndices(labels, options)));
    expect(Array.from(shardIndices(labels, { ...options, seed: 12 }))).not.toEqual(Array.from(shardIndices(labels, options)));
  });

  it('a node sees the same shard as the full partition gives it', () => {
    const options = { nodes: 6, partition: { kind: 'dirichlet', alpha: 0.3 }, seed: 5 } as const;
    const all = partitionIndices(labels, options);
    for (let node = 0; node < 6; node++) expect(Array.from(shardIndices(labels, { ...options, node }))).toEqual(Array.from(all[node]!));
  });

  it('gives every node at least one batch, even with extreme skew', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const shards = partitionIndices(labels, { nodes: 16, partition: { kind: 'dirichlet', alpha: 0.01 }, seed, minPerNode: 64 });
      expect(Math.min(...shards.map((s) => s.length))).toBeGreaterThanOrEqual(64);
      expectDisjointCovering(shards, labels.length);
    }
  });

  it('rejects impossible requests with a clear error', () => {
    expect(() => shardIndices(labels, { nodes: 2, node: 2, partition: { kind: 'iid' }, seed: 0 })).toThrow(/node 2 outside/);
    expect(() => partitionIndices(labels, { nodes: 3, partition: { kind: 'dirichlet', alpha: 0 }, seed: 0 })).toThrow(/alpha/);
    expect(() => partitionIndices(labels, { nodes: 100, partition: { kind: 'iid' }, seed: 0, minPerNode: 100 })).toThrow(/cannot give/);
  });
});
