import type { MessageKind } from '@canopy/protocol';

/**
 * Kinds a paced link may hold back: R-FAST's (and the naive tracker's) latest-wins state, where skipping
 * intermediate values is harmless. Per-round messages (AllReduce, Local SGD, ...) must never wait.
 */
export const DEFAULT_PACED_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>(['model', 'tracker']);
