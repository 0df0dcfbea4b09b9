import type { PeerId } from '@canopy/protocol';
import type { LatencyMatrix } from './options';
import { ownValue } from './own';

/** Latency of a message from → to; falls back to the reverse direction; Infinity when unknown or invalid. */
export function latencyCost(matrix: LatencyMatrix, from: PeerId, to: PeerId): number {
  const forward = lookup(matrix, from, to);
  return forward ?? lookup(matrix, to, from) ?? Infinity;
}

function lookup(matrix: LatencyMatrix, from: PeerId, to: PeerId): number | undefined {
  const row = ownValue(matrix, from);
  const value = row === undefined ? undefined : ownValue(row, to);
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
