/** The simulator's record of one node: its algorithm state machine plus what the engine tracks around it. */
import type { PeerId } from '@canopy/protocol';
import type { AlgorithmNode, Vector } from '../node';
import type { Random } from './random';

export type SlotState = 'idle' | 'computing' | 'waiting';

export interface NodeSlot {
  /** Node index = shard index (joiners continue after the initial nodes). */
  readonly index: number;
  readonly peer: PeerId;
  readonly node: AlgorithmNode;
  /** Minibatch sampling and compute-time jitter for this node. */
  readonly random: Random;
  /** Straggler factor multiplying its compute time. */
  readonly slowness: number;
  alive: boolean;
  crashed: boolean;
  state: SlotState;
  /** Bumped on every state change, so a superseded completion or timeout event is ignored. */
  token: number;
  /** Gradient buffers filled at plan time, handed to complete(). */
  readonly grads: Vector[];
  loss: number;
  /** Loss at every point of the plan (same order as grads). */
  readonly losses: number[];
}

export function peerIdOf(index: number): PeerId {
  return `n${index}`;
}

export function initialPeers(count: number): PeerId[] {
  return Array.from({ length: count }, (_, i) => peerIdOf(i));
}
