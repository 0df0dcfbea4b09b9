import type { PeerId, PeerLinks } from '@canopy/protocol';
import { childrenOf, type RootedTree } from './tree';

/** ALGORITHMS.md canonical weights: a child mixes ½ own / ½ parent model and keeps ½ of its tracker. */
const CHILD_WEIGHT = 0.5;

/**
 * Links of a two-trees topology: G_R = pull tree parent→child, G_C = push tree child→parent.
 * The root keeps weight 1 in both graphs.
 */
export function treeLinks(
  peers: readonly PeerId[],
  pull: RootedTree,
  push: RootedTree,
): Record<PeerId, PeerLinks> {
  return Object.fromEntries(
    peers.map((id): [PeerId, PeerLinks] => {
      const pullParent = pull.parent.get(id);
      const pushParent = push.parent.get(id);
      return [
        id,
        {
          pull: {
            selfWeight: pullParent === undefined ? 1 : CHILD_WEIGHT,
            in: pullParent === undefined ? [] : [{ peer: pullParent, weight: 1 - CHILD_WEIGHT }],
            out: [...childrenOf(pull, id)],
          },
          push: {
            selfWeight: pushParent === undefined ? 1 : CHILD_WEIGHT,
            out: pushParent === undefined ? [] : [{ peer: pushParent, weight: 1 - CHILD_WEIGHT }],
            in: [...childrenOf(push, id)],
          },
        },
      ];
    }),
  );
}

/**
 * Links of an undirected gossip graph used in both directions, with uniform weights 1/(degree+1):
 * each peer's R row and C column are uniform over itself and its neighbours.
 * `neighbours` must be symmetric (j lists i whenever i lists j) and free of self-loops and repeats.
 */
export function gossipLinks(
  peers: readonly PeerId[],
  neighbours: ReadonlyMap<PeerId, readonly PeerId[]>,
): Record<PeerId, PeerLinks> {
  return Object.fromEntries(
    peers.map((id): [PeerId, PeerLinks] => {
      const around = neighbours.get(id) ?? [];
      const weight = 1 / (around.length + 1);
      const weighted = around.map((peer) => ({ peer, weight }));
      return [
        id,
        {
          pull: { selfWeight: weight, in: weighted, out: [...around] },
          push: { selfWeight: weight, out: weighted, in: [...around] },
        },
      ];
    }),
  );
}
