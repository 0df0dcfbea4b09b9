import { buildTwoTrees } from '@canopy/algorithms';
import { initialRoomState } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import type { DashboardEvent } from './store';
import { sample } from './test-samples';
import { WatchClient, type WatchProblem, type WatchSocket } from './watch-client';

type Ack = (error: Error | null, response: unknown) => void;

/** A socket whose server side the test plays by hand. */
class FakeSocket implements WatchSocket {
  connected = false;
  readonly listeners = new Map<string, ((...args: never[]) => void)[]>();
  readonly sent: { event: string; payload: object; ack: Ack }[] = [];

  on(event: string, listener: (...args: never[]) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  timeout(): { emit: (event: 'watch' | 'control', payload: object, ack: Ack) => void } {
    return { emit: (event, payload, ack) => this.sent.push({ event, payload, ack }) };
  }
  disconnect(): void {
    this.connected = false;
  }
  serverEmits(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
  connect(): void {
    this.connected = true;
    this.serverEmits('connect');
  }
}

function setup(): { socket: FakeSocket; client: WatchClient; events: DashboardEvent[]; problems: WatchProblem[]; connection: boolean[] } {
  const socket = new FakeSocket();
  const events: DashboardEvent[] = [];
  const problems: WatchProblem[] = [];
  const connection: boolean[] = [];
  const client = new WatchClient(socket, 'r1', {
    event: (e) => events.push(e),
    problem: (p) => problems.push(p),
    connection: (c) => connection.push(c),
  });
  return { socket, client, events, problems, connection };
}

const snapshot = { room: 'r1', topology: buildTwoTrees(['a', 'b']), members: [], state: initialRoomState(), metrics: [] };

describe('WatchClient', () => {
  it('watches the room on every (re)connection and hands over the snapshot', () => {
    const { socket, events, connection } = setup();
    socket.connect();
    expect(socket.sent[0]).toMatchObject({ event: 'watch', payload: { room: 'r1' } });
    socket.sent[0]?.ack(null, { ok: true, ...snapshot });
    expect(events).toEqual([{ type: 'snapshot', snapshot }]);
    expect(connection).toEqual([true]);
    socket.serverEmits('disconnect', 'transport close');
    socket.connect();
    expect(socket.sent.filter((s) => s.event === 'watch')).toHaveLength(2);
    expect(connection).toEqual([true, false]);
  });

  it('passes valid server events on and counts invalid ones without throwing', () => {
    const { socket, client, events, problems } = setup();
    socket.serverEmits('metrics', sample({ at: 3 }));
    socket.serverEmits('metrics', { ...sample(), loss: 'NaN' });
    socket.serverEmits('control', initialRoomState());
    socket.serverEmits('room-topology', { room: 'r1', topology: null, members: [], extra: 1 });
    socket.serverEmits('metrics', null);
    expect(events.map((e) => e.type)).toEqual(['metrics', 'state']);
    expect(client.rejected).toEqual({ metrics: 2, 'room-topology': 1 });
    expect(problems.every((p) => p.code === 'invalid-event')).toBe(true);
  });

  it('sends control with the token and returns the new state, or the server refusal', async () => {
    const { socket, client } = setup();
    socket.connected = true;
    const accepted = client.control('secret', { type: 'pause' });
    const request = socket.sent.find((s) => s.event === 'control');
    expect(request?.payload).toEqual({ room: 'r1', token: 'secret', action: { type: 'pause' } });
    const state = { ...initialRoomState(), paused: true };
    request?.ack(null, { ok: true, state });
    await expect(accepted).resolves.toEqual({ ok: true, state });

    const refused = client.control('wrong', { type: 'reset' });
    socket.sent.at(-1)?.ack(null, { ok: false, error: { code: 'unauthorized', message: 'control needs the admin token' } });
    await expect(refused).resolves.toEqual({ ok: false, error: { code: 'unauthorized', message: 'control needs the admin token' } });
    expect(client.rejected['control-ack']).toBeUndefined();

    const garbled = client.control('secret', { type: 'reset' });
    socket.sent.at(-1)?.ack(null, { ok: true, state: 'nope' });
    await expect(garbled).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(client.rejected['control-ack']).toBe(1);
  });

  it('answers a control request at once when disconnected, and reports a timeout', async () => {
    const { socket, client } = setup();
    await expect(client.control('t', { type: 'pause' })).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });
    socket.connected = true;
    const late = client.control('t', { type: 'pause' });
    socket.sent.at(-1)?.ack(new Error('operation has timed out'), undefined);
    await expect(late).resolves.toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('reports a refused watch with the server code', () => {
    const { socket, problems } = setup();
    socket.connect();
    socket.sent[0]?.ack(null, { ok: false, error: { code: 'room-full', message: 'too many rooms' } });
    expect(problems).toEqual([{ code: 'watch-refused', message: 'watching r1 failed (room-full): too many rooms' }]);
  });
});
