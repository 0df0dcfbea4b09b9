/**
 * Which training samples each node owns. Every node computes the same full partition from the same seed
 * and keeps its own part, so shards are disjoint without any coordination.
 */
import { deriveSeed, dirichlet, permutation, seededRandom } from '../random';

export type Partition = { readonly kind: 'iid' } | { readonly kind: 'dirichlet'; readonly alpha: number };

export interface PartitionOptions {
  readonly nodes: number;
  readonly partition: Partition;
  /** Common to all nodes of a session. */
  readonly seed: number;
  /** Every node gets at least this many samples (one minibatch). Default 1. */
  readonly minPerNode?: number;
}

export interface ShardOptions extends PartitionOptions {
  /** This node's index in [0, nodes). */
  readonly node: number;
}

/** Indices (into `labels`) owned by one node. */
export function shardIndices(labels: ArrayLike<number>, options: ShardOptions): Int32Array {
  if (!Number.isInteger(options.node) || options.node < 0 || options.node >= options.nodes) {
    throw new RangeError(`node ${options.node} outside [0, ${options.nodes})`);
  }
  return partitionIndices(labels, options)[options.node] as Int32Array;
}

/** The whole partition: one sorted index list per node; disjoint, covering every sample. */
export function partitionIndices(labels: ArrayLike<number>, options: PartitionOptions): Int32Array[] {
  const { nodes, partition, seed } = options;
  const minPerNode = options.minPerNode ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1) throw new RangeError(`nodes must be a positive integer, got ${nodes}`);
  if (nodes * minPerNode > labels.length) {
    throw new RangeError(`${labels.length} samples cannot give ${nodes} nodes ${minPerNode} samples each`);
  }
  const shards = partition.kind === 'iid' ? iidShards(labels.length, nodes, seed) : dirichletShards(labels, nodes, partition.alpha, seed);
  rebalance(shards, minPerNode);
  return shards.map((shard) => Int32Array.from(shard).sort());
}

/** Seeded shuffle cut into near-equal consecutive pieces (sizes differ by at most one). */
function iidShards(count: number, nodes: number, seed: number): number[][] {
  const order = permutation(count, seededRandom(deriveSeed(seed, 1)));
  const shards: number[][] = [];
  let start = 0;
  for (let node = 0; node < nodes; node++) {
    const size = Math.floor(count / nodes) + (node < count % nodes ? 1 : 0);
    shards.push(Array.from(order.subarray(start, start + size)));
    start += size;
  }
  return shards;
}

/** Label skew: each class's samples are divided among nodes by its own Dirichlet(α) proportions. */
function dirichletShards(labels: ArrayLike<number>, nodes: number, alpha: number, seed: number): number[][] {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`Dirichlet alpha must be a positive number, got ${alpha}`);
  const random = seededRandom(deriveSeed(seed, 2));
  const byClass = new Map<number, number[]>();
  const order = permutation(labels.length, random); // class members in random order
  for (const index of order) {
    const label = labels[index] as number;
    const members = byClass.get(label) ?? [];
    members.push(index);
    byClass.set(label, members);
  }
  const shards: number[][] = Array.from({ length: nodes }, () => []);
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label) ?? [];
    const proportions = dirichlet(alpha, nodes, random);
    let start = 0;
    let cumulative = 0;
    for (let node = 0; node < nodes; node++) {
      cumulative += proportions[node] as number;
      const end = node === nodes - 1 ? members.length : Math.round(cumulative * members.length);
      (shards[node] as number[]).push(...members.slice(start, end));
      start = Math.max(start, end);
    }
  }
  return shards;
}

/** Tops up small shards by moving samples from the largest one (deterministic), so every node can train. */
function rebalance(shards: number[][], minPerNode: number): void {
  for (const shard of shards) {
    while (shard.length < minPerNode) {
      const largest = shards.reduce((best, candidate) => (candidate.length > best.length ? candidate : best));
      shard.push(largest.pop() as number);
    }
  }
}
