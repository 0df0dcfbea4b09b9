import type { PeerId, Topology } from '@canopy/protocol';
import { ownValue } from './own';

/** Only the structure is needed, so half-built topologies (no piU yet) can be measured too. */
export type TopologyGraph = Pick<Topology, 'peers' | 'links'>;

export interface PerronVectors {
  /** Left Perron vector of R (πᵀR = πᵀ), Σπ = 1, aligned with `peers`. */
  readonly pi: number[];
  /** Right Perron vector of C (Cu = u), Σu = 1, aligned with `peers`. */
  readonly u: number[];
}

const TOLERANCE = 1e-14;
const MAX_ITERATIONS = 100_000;

/**
 * Both vectors are stationary distributions of a "mass flow": for π each peer keeps r_ii of its mass and sends
 * r_ij to every j it pulls from; for u each peer keeps c_ii and sends c_li to every l it pushes to.
 * Sparse power iteration from the uniform vector: O(links) per sweep, and exact after one sweep whenever the
 * matrix is doubly stochastic (ring, exponential graph), since the uniform vector is then already fixed.
 */
export function perronVectors(t: TopologyGraph): PerronVectors {
  const index = new Map<PeerId, number>(t.peers.map((id, i) => [id, i]));
  const pull = t.peers.map((id) => ownValue(t.links, id)?.pull);
  const push = t.peers.map((id) => ownValue(t.links, id)?.push);
  const pi = stationaryMass(
    pull.map((links) => links?.selfWeight ?? 1),
    pull.map((links) => (links?.in ?? []).map((e) => [index.get(e.peer) ?? -1, e.weight] as const)),
  );
  const u = stationaryMass(
    push.map((links) => links?.selfWeight ?? 1),
    push.map((links) => (links?.out ?? []).map((e) => [index.get(e.peer) ?? -1, e.weight] as const)),
  );
  return { pi, u };
}

/** πᵀu with Σπ = Σu = 1: 1 for two trees with a common root, 1/n for a regular graph with uniform weights. */
export function computePiU(t: TopologyGraph): number {
  const { pi, u } = perronVectors(t);
  let sum = 0;
  for (let i = 0; i < pi.length; i++) sum += (pi[i] ?? 0) * (u[i] ?? 0);
  return sum;
}

type Flow = readonly (readonly [target: number, weight: number])[];

/**
 * The peer every mass ends at, when there is one: it keeps all of its own and sends none, and every other peer's
 * flow reaches it (a tree toward its root, as both of the two trees are). Its unit vector is then the exact
 * stationary distribution, found in O(links) instead of by power iteration (which a join storm paid for twice
 * per repair: to assemble the topology and to validate it).
 */
function absorbingPeer(keep: readonly number[], flows: readonly Flow[]): number | undefined {
  const n = keep.length;
  let sink: number | undefined;
  for (let i = 0; i < n; i++) {
    const sends = (flows[i] ?? []).some(([target, weight]) => target >= 0 && target !== i && weight > 0);
    if (keep[i] === 1 && !sends) {
      if (sink !== undefined) return undefined; // two closed classes: not absorbing into one peer
      sink = i;
    }
  }
  if (sink === undefined) return undefined;
  const into: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (const [target, weight] of flows[i] ?? []) if (target >= 0 && weight > 0) into[target]?.push(i);
  const reached = new Uint8Array(n);
  reached[sink] = 1;
  const queue = [sink];
  for (let head = 0; head < queue.length; head++) {
    for (const from of into[queue[head]!] ?? []) {
      if (reached[from] === 0) {
        reached[from] = 1;
        queue.push(from);
      }
    }
  }
  return queue.length === n ? sink : undefined;
}

function stationaryMass(keep: readonly number[], flows: readonly Flow[]): number[] {
  const n = keep.length;
  if (n === 0) return [];
  const sink = absorbingPeer(keep, flows);
  if (sink !== undefined) return Array.from({ length: n }, (_, i) => (i === sink ? 1 : 0));
  // A zero self-weight allows periodic chains, where plain power iteration oscillates: use the lazy chain.
  const lazy = keep.some((w) => w <= 0);
  let mass = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    next.fill(0);
    for (let i = 0; i < n; i++) {
      const m = mass[i] ?? 0;
      next[i] = (next[i] ?? 0) + (keep[i] ?? 0) * m;
      for (const [target, weight] of flows[i] ?? []) {
        if (target >= 0) next[target] = (next[target] ?? 0) + weight * m;
      }
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (lazy) next[i] = 0.5 * ((next[i] ?? 0) + (mass[i] ?? 0));
      total += next[i] ?? 0;
    }
    let change = 0;
    for (let i = 0; i < n; i++) {
      next[i] = (next[i] ?? 0) / total; // re-normalise: rounding must not leak mass over many sweeps
      change += Math.abs((next[i] ?? 0) - (mass[i] ?? 0));
    }
    [mass, next] = [next, mass];
    if (change < TOLERANCE) break;
  }
  return Array.from(mass);
}
