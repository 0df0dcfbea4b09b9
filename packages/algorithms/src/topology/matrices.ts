import type { PeerId, Topology } from '@canopy/protocol';
import { ownValue } from './own';

export interface MixingMatrices {
  /** Row/column order: the topology's peers in join order. */
  readonly order: PeerId[];
  /** R[i][j] = r_ij, the weight peer i gives to peer j's model (row-stochastic). */
  readonly R: number[][];
  /** C[l][i] = c_li, the share of peer i's tracker that i pushes to peer l (column-stochastic). */
  readonly C: number[][];
}

/** Dense matrices, for tests and small analyses (n² memory: use perronVectors for large n). */
export function mixingMatrices(t: Pick<Topology, 'peers' | 'links'>): MixingMatrices {
  const order = [...t.peers];
  const n = order.length;
  const index = new Map<PeerId, number>(order.map((id, i) => [id, i]));
  const R = order.map(() => new Array<number>(n).fill(0));
  const C = order.map(() => new Array<number>(n).fill(0));
  const add = (matrix: number[][], row: number, column: PeerId | number, weight: number): void => {
    const col = typeof column === 'number' ? column : index.get(column);
    const target = matrix[row];
    if (col === undefined || target === undefined) return; // unknown peers are validateTopology's concern
    target[col] = (target[col] ?? 0) + weight;
  };
  order.forEach((id, i) => {
    const links = ownValue(t.links, id);
    if (links === undefined) return;
    add(R, i, i, links.pull.selfWeight);
    for (const edge of links.pull.in) add(R, i, edge.peer, edge.weight);
    add(C, i, i, links.push.selfWeight);
    for (const edge of links.push.out) {
      const l = index.get(edge.peer);
      if (l !== undefined) add(C, l, i, edge.weight);
    }
  });
  return { order, R, C };
}
