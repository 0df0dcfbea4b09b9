import { buildTwoTrees, peerView } from '@canopy/algorithms';
import { initialRoomState, type JoinAck, type JoinRequest, type PeerTopology, type RoomState } from '@canopy/protocol';
import { describe, expect, it, vi } from 'vitest';
import { LOCKED_RETRY_MS, SignalingClient, type CanopySocket, type SignalingClientError } from './signaling-client';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket: the test plays the server. */
class FakeSocket {
  connected = false;
  readonly handlers = new Map<string, Handler[]>();
  readonly emitted: { event: string; payload: unknown }[] = [];
  readonly joins: JoinRequest[] = [];
  answerJoin: (request: JoinRequest) => unknown = () => undefined;

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  emit(event: string, payload: unknown): this {
    this.emitted.push({ event, payload });
    return this;
  }

  timeout(): { emit: (event: string, request: JoinRequest, ack: (error: Error | null, response: unknown) => void) => void } {
    return {
      emit: (_event, request, ack) => {
        this.joins.push(request);
        const response = this.answerJoin(request);
        if (response === undefined) ack(new Error('operation has timed out'), undefined);
        else ack(null, response);
      },
    };
  }

  disconnect(): this {
    this.connected = false;
    return this;
  }

  /** The server side: fires a server event (or connect/disconnect) at the client. */
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

function topologyFor(peer: string, epoch: number): PeerTopology {
  return peerView(buildTwoTrees(['p-1', 'p-2'], { epoch }), peer);
}

function ack(peerId: string, epoch: number, state: RoomState = initialRoomState()): { ok: true } & JoinAck {
  return { ok: true, ...state, peerId, resumeSecret: `secret-of-${peerId}-0123456789`, room: 'demo', iceServers: [], topology: topologyFor(peerId, epoch) };
}

function setup() {
  const socket = new FakeSocket();
  const client = new SignalingClient(socket as unknown as CanopySocket, {
    room: 'demo',
    displayName: 'tab',
    capabilities: () => ({ backend: 'wasm', stepMs: 12 }),
  });
  const errors: SignalingClientError[] = [];
  client.events.on('error', (error) => errors.push(error));
  return { socket, client, errors };
}

describe('SignalingClient', () => {
  it('joins on connect with its capabilities, and reports the validated ack', () => {
    const { socket, client } = setup();
    const joined = vi.fn();
    client.events.on('joined', joined);
    socket.answerJoin = () => ack('p-2', 3);
    socket.fire('connect');
    expect(socket.joins).toEqual([{ room: 'demo', displayName: 'tab', capabilities: { backend: 'wasm', stepMs: 12 } }]);
    expect(joined).toHaveBeenCalledWith(expect.objectContaining({ peerId: 'p-2', room: 'demo' }), false);
    expect(client.state).toBe('joined');
    expect(client.peerId).toBe('p-2');
  });

  it('after a reconnect, re-joins with resume carrying its peer id and the secret from its join ack (no epoch, no run id)', () => {
    const { socket, client } = setup();
    socket.answerJoin = () => ack('p-2', 3);
    socket.fire('connect');
    socket.fire('topology', topologyFor('p-2', 7));
    socket.fire('disconnect', 'transport close');
    expect(client.state).toBe('disconnected');
    const resumed = vi.fn();
    client.events.on('joined', (_ack, isResume) => resumed(isResume));
    socket.answerJoin = () => ack('p-2', 8);
    socket.fire('connect');
    expect(socket.joins[1]?.resume).toEqual({ peerId: 'p-2', secret: 'secret-of-p-2-0123456789' });
    expect(resumed).toHaveBeenCalledWith(true);
  });

  it('refuses, counts and never forwards invalid server events', () => {
    const { socket, client } = setup();
    const topologies = vi.fn();
    const controls = vi.fn();
    client.events.on('topology', topologies);
    client.events.on('control', controls);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket.fire('topology', { ...topologyFor('p-2', 2), stepScale: -1 });
    socket.fire('topology', 'not an object');
    socket.fire('control', { ...initialRoomState(), paused: 'yes' });
    socket.fire('signal', { from: '__proto__', data: { type: 'offer', sdp: 'x' } });
    expect(topologies).not.toHaveBeenCalled();
    expect(controls).not.toHaveBeenCalled();
    expect(client.rejected).toEqual({ topology: 2, control: 1, signal: 1 });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();

    socket.fire('topology', topologyFor('p-2', 2));
    expect(topologies).toHaveBeenCalledTimes(1);
  });

  it('reports a refused join, a malformed ack and a timeout as machine-readable errors', () => {
    const { socket, errors } = setup();
    socket.answerJoin = () => ({ ok: false, error: { code: 'room-full', message: 'room demo is full (64 peers)' } });
    socket.fire('connect');
    socket.answerJoin = () => ({ ok: true, peerId: 'p-2' });
    socket.fire('connect');
    socket.answerJoin = () => undefined;
    socket.fire('connect');
    expect(errors.map((e) => [e.code, e.serverCode])).toEqual([
      ['join-failed', 'room-full'],
      ['bad-ack', undefined],
      ['join-timeout', undefined],
    ]);
  });

  it('tries a join again after a timeout or a server-side failure, and a locked room every few seconds; not after other refusals', () => {
    vi.useFakeTimers();
    try {
      const { socket, client } = setup();
      const answers: unknown[] = [undefined, { ok: false, error: { code: 'internal', message: 'internal error' } }, ack('p-1', 1)];
      socket.answerJoin = () => answers.shift();
      socket.fire('connect');
      expect(client.state).toBe('connecting');
      vi.advanceTimersByTime(2000);
      vi.advanceTimersByTime(2000);
      expect(socket.joins).toHaveLength(3);
      expect(client.state).toBe('joined');

      const refused = setup();
      refused.socket.answerJoin = () => ({ ok: false, error: { code: 'room-full', message: 'room demo is full (64 peers)' } });
      refused.socket.fire('connect');
      vi.advanceTimersByTime(10_000);
      expect(refused.socket.joins).toHaveLength(1);

      // A locked room is asked again, more slowly, until it takes the tab (the teacher unlocked it).
      const locked = setup();
      const lockedAnswers: unknown[] = [{ ok: false, error: { code: 'room-locked', message: 'room demo is locked' } }, { ok: false, error: { code: 'room-locked', message: 'room demo is locked' } }, ack('p-2', 2)];
      locked.socket.answerJoin = () => lockedAnswers.shift();
      locked.socket.fire('connect');
      vi.advanceTimersByTime(LOCKED_RETRY_MS - 1);
      expect(locked.socket.joins).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(locked.socket.joins).toHaveLength(2);
      vi.advanceTimersByTime(LOCKED_RETRY_MS);
      expect(locked.socket.joins).toHaveLength(3);
      expect(locked.client.state).toBe('joined');
      expect(locked.errors.map((e) => e.serverCode)).toEqual(['room-locked', 'room-locked']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops signals and metrics while not joined instead of queueing them', () => {
    const { socket, client } = setup();
    client.sendSignal('p-1', { type: 'answer', sdp: 'v=0' });
    expect(socket.emitted).toEqual([]);
    expect(client.droppedWhileAway).toBe(1);
    socket.answerJoin = () => ack('p-2', 1);
    socket.fire('connect');
    client.sendSignal('p-1', { type: 'answer', sdp: 'v=0' });
    expect(socket.emitted).toEqual([{ event: 'signal', payload: { to: 'p-1', data: { type: 'answer', sdp: 'v=0' } } }]);
  });
});
