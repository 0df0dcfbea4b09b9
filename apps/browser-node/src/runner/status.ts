/**
 * NodeStatus: the read-only snapshot the node page shows and end-to-end tests poll through
 * `window.canopy.status()`. Plain data (JSON-serialisable), rebuilt on each call.
 */
import type { AlgorithmName } from '@canopy/algorithms';
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { ChannelState, LinkRoute } from '../net/channel';
import type { ReceiveRejectReason } from '../net/link-stats';
import type { ConnectionState } from '../net/signaling-client';

/** This node's place in one tree: parents it pulls from / pushes to, and children on the other side. */
export interface TreeRole {
  readonly isRoot: boolean;
  readonly parents: readonly PeerId[];
  readonly children: readonly PeerId[];
}

export interface NodeRoles {
  /** G_R: models flow parent → child (pull.in are parents, pull.out children). */
  readonly pull: TreeRole;
  /** G_C: tracker mass flows child → parent (push.out are parents, push.in children). */
  readonly push: TreeRole;
}

export interface LinkStatus {
  readonly peer: PeerId;
  readonly state: ChannelState;
  /** Direct or through a TURN relay; null until the connection says. */
  readonly route: LinkRoute | null;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly messagesSent: number;
  readonly messagesReceived: number;
  readonly injectedDrops: number;
  readonly injectedDelays: number;
  /** Replaced by a newer message while waiting in the link's sender (before the fault injector saw it). */
  readonly superseded: number;
  /** Replaced (or merged) in the training worker's outbox before reaching the link, which was not ready. */
  readonly replacedBeforeLink: number;
  readonly malformedFrames: number;
  readonly stale: number;
  readonly sendErrors: number;
  readonly rejects: Readonly<Partial<Record<ReceiveRejectReason, number>>>;
}

/** The training side of the status (the runner's part). */
export interface TrainingStatus {
  readonly epoch: number | null;
  readonly runId: number | null;
  readonly algorithm: AlgorithmName | null;
  /** The run's dataset and model (room settings), e.g. 'fashion-mnist' and 'mlp'. */
  readonly dataset: string | null;
  readonly model: string | null;
  readonly roles: NodeRoles | null;
  readonly step: number;
  /** Mean minibatch loss / accuracy over the last report interval; null until measured or when not finite. */
  readonly loss: number | null;
  readonly trainAccuracy: number | null;
  readonly heldOutAccuracy: number | null;
  readonly heldOutLoss: number | null;
  /** A language model's latest text sample (null for classifiers and before the first one). */
  readonly sample: string | null;
  readonly backend: string | null;
  /** Smoothed wall time of one activation (gradient + any straggler slowdown). */
  readonly stepMs: number | null;
  readonly staleness: number | null;
  /** Factor the algorithm applies to its step because neighbours' messages arrive many steps apart or old (1 = none). */
  readonly delayScale: number;
  /** Age of the information the node acts on, in its steps: tree depth × link round trip (null: not measured). */
  readonly informationAge: number | null;
  readonly stragglerFactor: number;
  readonly injectedDrops: number;
  readonly malformedFrames: number;
  readonly staleMessages: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly messagesSent: number;
  readonly messagesReceived: number;
  /** Current links; the totals above also count links already torn down. */
  readonly links: readonly LinkStatus[];
  /** Every entry of the model x is finite. */
  readonly modelFinite: boolean;
  /** Local gradients that were NaN/±Inf: skipped, never applied. */
  readonly skippedGradients: number;
  /** Times this run's model blew up (held-out loss exploded) and the node returned to its last good one. */
  readonly recoveries: number;
  /** Peers whose links this node quarantined during this run (hostile values, link-screening.ts). */
  readonly quarantined: readonly PeerId[];
  readonly paused: boolean;
  /** Why the loop is idle right now ('joining: waiting for a model...', 'preparing'...), or null while stepping. */
  readonly waiting: string | null;
  /** The last fatal problem (backend failed, algorithm unavailable), or null. */
  readonly error: string | null;
  /** The room checkpoint this run started from (every tab had left, or the server restarted), or null. */
  readonly resumedFrom: { readonly runId: number; readonly step: number; readonly source: 'room' | 'local' } | null;
}

/** The fields a TrainingStatus takes from the links rather than the training loop (link-totals.ts). */
export type LinkField = 'links' | 'injectedDrops' | 'malformedFrames' | 'staleMessages' | 'bytesSent' | 'bytesReceived' | 'messagesSent' | 'messagesReceived';

/** What the training loop itself knows (a runner in the runner worker sends this to the page). */
export type LoopStatus = Omit<TrainingStatus, LinkField>;

export interface NodeStatus extends TrainingStatus {
  readonly peerId: PeerId | null;
  /** The name this tab joined with: what the dashboard shows for it. */
  readonly displayName: string;
  readonly room: string;
  readonly connection: ConnectionState;
}

export function rolesOf(topology: PeerTopology): NodeRoles {
  const isRoot = topology.root === topology.id;
  return {
    pull: { isRoot, parents: topology.pull.in.map((edge) => edge.peer), children: [...topology.pull.out] },
    push: { isRoot, parents: topology.push.out.map((edge) => edge.peer), children: [...topology.push.in] },
  };
}

/** Role in a tree, in one word: root, inner (has children) or leaf. */
export function roleName(role: TreeRole): 'root' | 'inner' | 'leaf' {
  if (role.isRoot) return 'root';
  return role.children.length > 0 ? 'inner' : 'leaf';
}

/** The training status of a node with no run yet. */
export function idleTrainingStatus(waiting: string): TrainingStatus {
  return {
    epoch: null,
    runId: null,
    algorithm: null,
    dataset: null,
    model: null,
    roles: null,
    step: 0,
    loss: null,
    trainAccuracy: null,
    heldOutAccuracy: null,
    heldOutLoss: null,
    sample: null,
    backend: null,
    stepMs: null,
    staleness: null,
    delayScale: 1,
    informationAge: null,
    stragglerFactor: 1,
    injectedDrops: 0,
    malformedFrames: 0,
    staleMessages: 0,
    bytesSent: 0,
    bytesReceived: 0,
    messagesSent: 0,
    messagesReceived: 0,
    links: [],
    modelFinite: true,
    skippedGradients: 0,
    recoveries: 0,
    quarantined: [],
    resumedFrom: null,
    paused: false,
    waiting,
    error: null,
  };
}
