/**
 * Typed socket.io clients for the tests and the join-storm benchmark: a peer that records what the server
 * pushes, and small waiting helpers. Not used by the server itself.
 */
import type {
  Ack,
  ClientToServerEvents,
  JoinAck,
  JoinRequest,
  MetricsReport,
  PeerTopology,
  Refusal,
  Resume,
  RoomState,
  ServerToClientEvents,
  SignalDelivery,
} from '@canopy/protocol';
import { parseAck, parseServerEvent, type ServerEventName } from '@canopy/protocol';
import { io, type Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectClient(url: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Polls until `condition` holds; rejects with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A well-formed metrics report of a tab at `step`. */
export const metricsReport = (step: number): MetricsReport => ({
  runId: 0, epoch: 1, step, loss: 0.5, trainAccuracy: 0.5, heldOutAccuracy: null, stepMs: 10, backend: 'wasm',
  bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0, injectedDrops: 0, malformedFrames: 0, staleness: null, delayScale: 1, links: [],
});

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const defaultJoin = (room: string, displayName = 'test tab'): JoinRequest => ({
  room,
  displayName,
  capabilities: { backend: 'cpu', stepMs: 10 },
});

/** A joined peer that keeps the newest topology, state, signals and refusals the server sent it. */
export class TestPeer {
  topology: PeerTopology;
  state: RoomState;
  readonly signals: SignalDelivery[] = [];
  readonly states: RoomState[] = [];
  readonly refusals: Refusal[] = [];
  /** performance.now() when each epoch arrived. */
  readonly epochArrivals = new Map<number, number>();
  /** Anything the server sent that does not match the protocol's schemas (should stay empty). */
  readonly violations: string[] = [];

  private constructor(
    readonly socket: ClientSocket,
    readonly ack: JoinAck,
  ) {
    this.topology = ack.topology;
    this.state = { settings: ack.settings, faults: ack.faults, runId: ack.runId, paused: ack.paused, locked: ack.locked };
    this.epochArrivals.set(ack.topology.epoch, performance.now());
    for (const event of ['topology', 'control', 'signal', 'refused'] as const satisfies readonly ServerEventName[]) {
      socket.on(event, (payload: unknown) => {
        const parsed = parseServerEvent(event, payload);
        if (!parsed.ok) this.violations.push(`${event}: ${parsed.error.message}`);
      });
    }
    socket.on('topology', (topology) => {
      if (topology.epoch > this.topology.epoch) this.topology = topology;
      this.epochArrivals.set(topology.epoch, performance.now());
    });
    socket.on('control', (state) => {
      this.state = state;
      this.states.push(state);
    });
    socket.on('signal', (delivery) => this.signals.push(delivery));
    socket.on('refused', (refusal) => this.refusals.push(refusal));
  }

  get id(): string {
    return this.ack.peerId;
  }

  static async join(url: string, room: string, resume?: Resume, displayName?: string): Promise<TestPeer> {
    const socket = await connectClient(url);
    // Listeners go on before the join so no push between the ack and the constructor is missed.
    const early: PeerTopology[] = [];
    socket.on('topology', (t) => early.push(t));
    const request: JoinRequest = resume === undefined ? defaultJoin(room, displayName) : { ...defaultJoin(room, displayName), resume };
    const answer: Ack<JoinAck> = await socket.timeout(10_000).emitWithAck('join', request);
    const parsed = parseAck('join', answer);
    if (!parsed.ok || !answer.ok) {
      socket.close();
      const error = parsed.ok ? { code: 'schema', message: 'ok ack failed the schema' } : parsed.error;
      throw new Error(`join refused: ${error.code} ${error.message}`);
    }
    socket.removeAllListeners('topology');
    const peer = new TestPeer(socket, answer);
    for (const t of early) if (t.epoch > peer.topology.epoch) peer.topology = t;
    return peer;
  }

  close(): void {
    this.socket.close();
  }
}
