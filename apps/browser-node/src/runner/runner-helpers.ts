/** Small helpers of the runner: vector copies, error text and a link's counters as status. */
import type { Vector } from '@canopy/algorithms';
import type { ChannelState, LinkRoute } from '../net/channel';
import type { LinkStats } from '../net/link-stats';
import type { LinkStatus } from './status';

/** A Float32 copy (the node's vectors stay untouched). */
export function toFloat32(vector: Vector): Float32Array<ArrayBuffer> {
  return vector instanceof Float32Array ? vector.slice() : Float32Array.from(vector);
}

/**
 * Float32 copies of a plan's points in buffers reused from step to step: the node may change its vectors
 * while the gradient is computed, and a fresh 400 KB array per step costs more in allocation and garbage
 * collection than the copy itself (GradientSource reads its points only during the call).
 */
export class PointCopies {
  #buffers: Float32Array[] = [];

  of(points: readonly Vector[]): Float32Array[] {
    return points.map((point, i) => {
      let buffer = this.#buffers[i];
      if (buffer?.length !== point.length) {
        buffer = new Float32Array(point.length);
        this.#buffers[i] = buffer;
      }
      buffer.set(point);
      return buffer;
    });
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function linkStatus(peer: string, state: ChannelState, stats: Readonly<LinkStats>, route: LinkRoute | null = null): LinkStatus {
  return {
    peer,
    state,
    route,
    bytesSent: stats.bytesSent,
    bytesReceived: stats.bytesReceived,
    messagesSent: stats.messagesSent,
    messagesReceived: stats.messagesReceived,
    injectedDrops: stats.injectedDrops,
    injectedDelays: stats.injectedDelays,
    superseded: stats.superseded,
    replacedBeforeLink: 0,
    malformedFrames: stats.malformedFrames,
    stale: stats.stale,
    sendErrors: stats.sendErrors,
    rejects: { ...stats.rejects },
  };
}
