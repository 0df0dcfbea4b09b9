/**
 * One training node, wired end to end (no DOM): the signaling client, the WebRTC links kept in step with
 * the topology, the fault injector, and the runner. The page (main.ts) and Node tests build one of these.
 */
import type { Capabilities, JoinAck, PeerId, PeerTopology, RoomState } from '@canopy/protocol';
import { Emitter } from '../net/emitter';
import { FaultInjector } from '../net/fault-injector';
import { Mesh } from '../net/mesh';
import { PeerConnector, type SignalingChannel } from '../net/peer-connector';
import { SignalingClient, type CanopySocket, type SignalingClientError } from '../net/signaling-client';
import { explainStalledLink } from '../net/link-diagnosis';
import type { Timers } from '../net/timers';
import { deriveSeed, seededRandom } from '../training/random';
import type { TrainingSetup } from './gradient-source';
import { Runner, type RunnerOptions } from './runner';
import { hashPeerId } from './shard-choice';
import { idleTrainingStatus, type NodeStatus } from './status';
import type { EvaluationResult, TrainingRunner } from './training-runner';

/** Builds the training loop of a joined node: in-process, or in the page's runner worker (runner-worker-client.ts). */
export type RunnerFactory = (self: PeerId, mesh: Mesh) => TrainingRunner;

/** How often the session looks for links that do not open. */
const LINK_CHECK_MS = 1_000;

export interface NodeSessionOptions {
  readonly socket: CanopySocket;
  readonly room: string;
  readonly displayName: string;
  /** The compute of an in-process Runner; ignored when `createRunner` is given. */
  readonly setup?: TrainingSetup;
  /** Default: an in-process Runner over `setup`. */
  readonly createRunner?: RunnerFactory;
  readonly timers: Timers;
  /** Builds the channel to one neighbour (SimplePeerChannel with the ack's ICE servers, or a fake). */
  readonly createChannel: (peer: PeerId, initiator: boolean, ack: JoinAck) => SignalingChannel;
  /** Runner tuning (report and evaluation periods...). */
  readonly runner?: Partial<Pick<RunnerOptions, 'reportIntervalMs' | 'evaluationIntervalMs' | 'waitTickMs' | 'createNode' | 'chooseShard'>>;
  readonly lingerMs?: number;
}

export type NodeSessionEvents = {
  /** A human-readable problem for the page (server unreachable, join refused, run failed). */
  problem: [message: string, fatal: boolean];
  /** Something changed worth redrawing (joined, topology, control, a metrics report). */
  changed: [];
  /** A metrics report was produced (≤ 2 Hz), with the status it was built from. */
  report: [status: NodeStatus];
  evaluation: [result: EvaluationResult & { readonly runId: number | null }];
  /** Problems starting with `prefix` no longer hold (a link that was explained has opened). */
  resolved: [prefix: string];
};

/** Parts that exist once this node has a peer id. */
interface Joined {
  readonly peerId: PeerId;
  readonly mesh: Mesh;
  readonly connector: PeerConnector;
  readonly runner: TrainingRunner;
  epoch: number;
}

export class NodeSession {
  readonly events = new Emitter<NodeSessionEvents>();
  readonly signaling: SignalingClient;
  #joined: Joined | undefined;

  constructor(private readonly options: NodeSessionOptions) {
    this.signaling = new SignalingClient(options.socket, {
      room: options.room,
      displayName: options.displayName,
      capabilities: () => this.#capabilities(),
    });
    const { events } = this.signaling;
    events.on('joined', (ack, resumed) => this.#onJoined(ack, resumed));
    events.on('topology', (topology) => this.#onTopology(topology));
    events.on('signal', (delivery) => this.#joined?.connector.onSignal(delivery));
    events.on('control', (state) => {
      this.#joined?.runner.applyRoomState(state);
      this.events.emit('changed');
    });
    events.on('connection', () => this.events.emit('changed'));
    events.on('error', (error) => this.#onSignalingError(error));
    events.on('stepped-out', (seconds) => void this.#onSteppedOut(seconds));
  }

  get peerId(): PeerId | undefined {
    return this.#joined?.peerId;
  }

  get runner(): TrainingRunner | undefined {
    return this.#joined?.runner;
  }

  status(): NodeStatus {
    const training = this.#joined?.runner.status() ?? idleTrainingStatus('joining the room');
    return { ...training, peerId: this.#joined?.peerId ?? null, displayName: this.options.displayName, room: this.options.room, connection: this.signaling.state };
  }

  close(): void {
    this.#teardown();
    this.signaling.close();
  }

  #onJoined(ack: JoinAck, resumed: boolean): void {
    const state = roomStateOf(ack);
    const joined = this.#joined;
    if (resumed && joined !== undefined && joined.peerId === ack.peerId) {
      // Back after a disconnect (e.g. the server restarted): same identity, links untouched.
      this.#onTopology(ack.topology);
      joined.runner.applyRoomState(state);
      this.events.emit('changed');
      return;
    }
    if (joined !== undefined) {
      this.events.emit('problem', `the server gave this tab a new peer id (${ack.peerId}); starting over`, false);
      this.#teardown();
    }
    this.#start(ack, state);
    this.events.emit('changed');
  }

  #start(ack: JoinAck, state: RoomState): void {
    const { timers } = this.options;
    const peerId = ack.peerId;
    const injector = new FaultInjector(peerId, seededRandom(deriveSeed(state.settings.seed, hashPeerId(peerId))));
    const mesh = new Mesh({ injector, timers });
    const connector = new PeerConnector({
      self: peerId,
      mesh,
      timers,
      relay: (to, data) => this.signaling.sendSignal(to, data),
      createChannel: (peer, initiator) => this.options.createChannel(peer, initiator, ack),
      ...(this.options.lingerMs === undefined ? {} : { lingerMs: this.options.lingerMs }),
    });
    const runner = this.#createRunner(peerId, mesh);
    runner.events.on('report', (report) => {
      this.signaling.sendMetrics(report);
      this.events.emit('report', this.status());
      this.events.emit('changed');
    });
    runner.events.on('evaluation', (result) => this.events.emit('evaluation', { ...result, runId: runner.status().runId }));
    runner.events.on('error', (message) => this.events.emit('problem', message, true));
    this.#joined = { peerId, mesh, connector, runner, epoch: ack.topology.epoch };
    void this.#watchLinks(this.#joined);
    connector.setTopology(ack.topology);
    runner.start(state, ack.topology, { joinFromParent: joinsRunningRoom(ack.topology) });
  }

  #createRunner(self: PeerId, mesh: Mesh): TrainingRunner {
    const { createRunner, setup, timers } = this.options;
    if (createRunner !== undefined) return createRunner(self, mesh);
    if (setup === undefined) throw new Error('NodeSession: give either createRunner or setup');
    return new Runner({ self, mesh, timers, setup, ...this.options.runner });
  }

  #onTopology(topology: PeerTopology): void {
    const joined = this.#joined;
    if (joined === undefined || topology.epoch < joined.epoch) return;
    joined.epoch = topology.epoch;
    joined.connector.setTopology(topology);
    joined.runner.setTopology(topology);
    this.events.emit('changed');
  }

  /** The teacher took this tab out for a while ("the root leaves"): stop, say so, come back as a new member. */
  async #onSteppedOut(seconds: number): Promise<void> {
    this.#teardown();
    this.events.emit('problem', `The teacher took this tab out of the room for ${seconds} s, to show the trees repairing without it; it rejoins by itself.`, false);
    this.events.emit('changed');
    await this.options.timers.sleep(seconds * 1000);
    this.signaling.rejoin();
  }

  #onSignalingError(error: SignalingClientError): void {
    switch (error.code) {
      case 'unreachable':
        this.events.emit('problem', `${error.message} (retrying; training goes on over open links)`, false);
        return;
      case 'refused':
        if (error.serverCode === 'evicted') {
          // Removed from the room for good: stop training and drop the links (the server will not take it back).
          this.#teardown();
          this.events.emit('problem', `${error.message}. This tab no longer trains with the room; ask the teacher before reopening it.`, true);
          return;
        }
        // e.g. a signal to a peer that stopped being a neighbour a moment ago: expected during repairs.
        console.warn(`signaling: ${error.message}`);
        return;
      default:
        if (error.code === 'join-failed' && error.serverCode === 'room-locked') {
          this.events.emit('problem', `${error.message}. Waiting for the teacher to unlock it: this tab asks again every few seconds.`, false);
          return;
        }
        this.events.emit('problem', error.message, error.code === 'join-failed');
    }
  }

  /** Says on the page, once per peer and cause, why a link to a neighbour does not open (link-diagnosis.ts). */
  async #watchLinks(joined: Joined): Promise<void> {
    const said = new Map<PeerId, string>();
    const { timers } = this.options;
    while (this.#joined === joined) {
      await timers.sleep(LINK_CHECK_MS);
      if (this.#joined !== joined) return;
      const now = timers.now();
      const stalled = joined.connector.stalledLinks();
      for (const peer of [...said.keys()]) {
        if (stalled.some((link) => link.peer === peer)) continue;
        said.delete(peer);
        this.events.emit('resolved', linkProblemPrefix(peer));
      }
      for (const link of stalled) {
        const explanation = explainStalledLink(link, now);
        if (explanation === null) continue;
        const cause = explanation.replace(/after \d+ s/, '');
        if (said.get(link.peer) === cause) continue;
        said.set(link.peer, cause);
        this.events.emit('problem', explanation, false);
      }
    }
  }

  #capabilities(): Capabilities {
    const status = this.#joined?.runner.status();
    const backend = status?.backend ?? 'unknown';
    return { backend: /^[a-z0-9][a-z0-9._-]{0,31}$/.test(backend) ? backend : 'unknown', stepMs: status?.stepMs ?? null };
  }

  #teardown(): void {
    const joined = this.#joined;
    if (joined === undefined) return;
    this.#joined = undefined;
    joined.runner.stop();
    joined.connector.close();
    joined.mesh.close();
  }
}

/** How every explanation of one link begins (link-diagnosis.ts), to take them back once it opens. */
export function linkProblemPrefix(peer: PeerId): string {
  return `Link to ${peer} `;
}

/** A newcomer to a room that already has a model takes its G_R parent's model instead of x⁰. */
export function joinsRunningRoom(topology: PeerTopology): boolean {
  return topology.size > 1 && topology.root !== topology.id && topology.pull.in.length > 0;
}

function roomStateOf(ack: JoinAck): RoomState {
  return { settings: ack.settings, faults: ack.faults, runId: ack.runId, paused: ack.paused, locked: ack.locked };
}
