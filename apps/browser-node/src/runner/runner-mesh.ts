/**
 * What the Runner needs from its links. In-process (Node tests, headless peers) that is the Mesh itself; in
 * the page the Runner lives in the runner worker and talks to the page's Mesh through a PortMesh
 * (port-mesh.ts), since WebRTC data channels exist only on the page's thread.
 */
import type { IncomingMessage, OutgoingMessage } from '@canopy/algorithms';
import type { FaultSettings, MessageKind, PeerId } from '@canopy/protocol';
import type { FrameChannel } from '../net/channel';
import type { LinkStats, ReceiveRejectReason } from '../net/link-stats';

/** One link as the runner's status sees it. */
export interface LinkView {
  readonly peer: PeerId;
  readonly channel: Pick<FrameChannel, 'state' | 'route'>;
  readonly stats: Readonly<LinkStats>;
}

export interface RunnerMesh {
  /** Straggler factor for the compute; the rest of the fault settings act where the links are. */
  readonly injector: { stragglerFactor(): number; update(faults: FaultSettings): void };
  /** Counters of links already torn down (totals never go backwards). */
  readonly retired: Readonly<LinkStats>;
  links(): readonly LinkView[];
  onMessage(listener: (message: IncomingMessage) => void): void;
  /** Counts a message the algorithm refused, on the link it came from. */
  countReject(peer: PeerId, reason: ReceiveRejectReason): void;
  /** Whether a message of `kind` to `peer` offered now would go out at once (NodeOptions.sendsNow). */
  sendsNow(peer: PeerId, kind: MessageKind): boolean;
  send(message: OutgoingMessage): void;
  /** Sends what pacing held back and is now due; called every loop iteration. */
  pump(): void;
  setRunId(runId: number): void;
  /** Forgets every unsent message (a new run starts). */
  clearPending(): void;
}
