import { describe, expect, it } from 'vitest';
import {
  CLIENT_EVENT_SCHEMAS,
  ControlRequestSchema,
  IceServersSchema,
  JoinAckSchema,
  JoinRequestSchema,
  MetricsReportSchema,
  PeerIdSchema,
  RoomNameSchema,
  SERVER_EVENT_SCHEMAS,
  SignalRequestSchema,
  SIGNALING_LIMITS,
  TopologySchema,
  WatchSnapshotSchema,
  initialRoomState,
  parseAck,
  parseClientEvent,
  parseJoin,
  validate,
} from './index';
import {
  validControls,
  validDelivery,
  validJoin,
  validJoinAck,
  validMetrics,
  validPeerTopology,
  validRoomTopology,
  validSample,
  validSignals,
  validSnapshot,
  validTopology,
} from './test-fixtures';

function expectRefused(result: ReturnType<typeof validate>, pathFragment?: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('bad-request');
  expect(result.error.message.length).toBeGreaterThan(0);
  if (pathFragment !== undefined) expect(result.error.message).toContain(pathFragment);
}

describe('signaling schemas accept valid payloads', () => {
  it('accepts every fixture, for client and server events', () => {
    expect(validate(JoinRequestSchema, validJoin).ok).toBe(true);
    for (const signal of validSignals) expect(validate(SignalRequestSchema, signal).ok).toBe(true);
    expect(validate(MetricsReportSchema, validMetrics).ok).toBe(true);
    for (const control of validControls) expect(validate(ControlRequestSchema, control)).toMatchObject({ ok: true });
    expect(validate(SERVER_EVENT_SCHEMAS.topology, validPeerTopology).ok).toBe(true);
    expect(validate(SERVER_EVENT_SCHEMAS.signal, validDelivery).ok).toBe(true);
    expect(validate(SERVER_EVENT_SCHEMAS.control, initialRoomState()).ok).toBe(true);
    expect(validate(SERVER_EVENT_SCHEMAS['room-topology'], validRoomTopology).ok).toBe(true);
    expect(validate(SERVER_EVENT_SCHEMAS.metrics, validSample).ok).toBe(true);
    expect(validate(JoinAckSchema, validJoinAck).ok).toBe(true);
    expect(validate(WatchSnapshotSchema, validSnapshot).ok).toBe(true);
    expect(validate(TopologySchema, validTopology).ok).toBe(true);
    expect(validate(CLIENT_EVENT_SCHEMAS.leave, {}).ok).toBe(true);
  });

  it('returns the parsed value through the named helpers', () => {
    const parsed = parseJoin(validJoin);
    expect(parsed).toEqual({ ok: true, value: validJoin });
    expect(parseClientEvent('watch', { room: 'r_1-A' })).toEqual({ ok: true, value: { room: 'r_1-A' } });
  });
});

describe('signaling schemas refuse bad payloads with a reason', () => {
  it('checks room names and peer ids', () => {
    expectRefused(validate(RoomNameSchema, 'has space'));
    expectRefused(validate(RoomNameSchema, 'x'.repeat(65)));
    expectRefused(validate(RoomNameSchema, ''));
    expect(validate(RoomNameSchema, 'x'.repeat(64)).ok).toBe(true);
    expectRefused(validate(PeerIdSchema, '__proto__'));
    expectRefused(validate(PeerIdSchema, '-p'));
  });

  it('refuses a join with a control character in the display name, or an extra key', () => {
    expectRefused(validate(JoinRequestSchema, { ...validJoin, displayName: 'a\u0000b' }), 'displayName');
    expectRefused(validate(JoinRequestSchema, { ...validJoin, peerId: 'p-chosen' }), 'peerId');
  });

  it('refuses a signal that names its own sender (spoofing) or carries an oversized sdp', () => {
    expectRefused(validate(SignalRequestSchema, { ...validSignals[0], from: 'p-9' }), 'from');
    const huge = { to: 'p-2', data: { type: 'offer', sdp: 'a'.repeat(SIGNALING_LIMITS.sdp + 1) } };
    expectRefused(validate(SignalRequestSchema, huge), 'data.sdp');
    expectRefused(validate(SignalRequestSchema, { to: 'p-2', data: { type: 'candidate', candidate: 'str' } }));
    expectRefused(validate(SignalRequestSchema, { to: 'p-2', data: { type: 'bye' } }), 'data.type');
  });

  it('refuses non-finite and out-of-range numbers', () => {
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, loss: Number.NaN }), 'loss');
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, bytesSent: Number.POSITIVE_INFINITY }), 'bytesSent');
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, trainAccuracy: 1.5 }), 'trainAccuracy');
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, step: 1.5 }), 'step');
    // A text sample is shown on every dashboard: printable ASCII and newlines only, bounded.
    expect(validate(MetricsReportSchema, { ...validMetrics, heldOutLoss: 2.3, sample: 'Call me Ishmael.\n"Aye!"' }).ok).toBe(true);
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, sample: 'bell\u0007' }), 'sample');
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, sample: '\u202eevil' }), 'sample');
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, sample: 'x'.repeat(241) }), 'sample');
    expectRefused(validate(MetricsReportSchema, { ...validMetrics, heldOutLoss: -1 }), 'heldOutLoss');
    const control = (action: unknown) => validate(ControlRequestSchema, { room: 'demo', token: 't', action });
    expectRefused(control({ type: 'loss', p: 1.01 }), 'action.p');
    expectRefused(control({ type: 'straggler', peer: 'p-1', factor: 0.5 }), 'action.factor');
    expectRefused(control({ type: 'launch-missiles' }), 'action.type');
    expectRefused(control({ type: 'partition', partition: { kind: 'dirichlet', alpha: 0 } }));
    expectRefused(validate(IceServersSchema, [{ urls: 'http://example.org' }]));
  });

  it('refuses prototype-pollution keys without polluting Object.prototype', () => {
    const hostile = JSON.parse('{"room":"demo","displayName":"x","capabilities":{"backend":"wasm","stepMs":1},"__proto__":{"polluted":true}}') as unknown;
    expectRefused(validate(JoinRequestSchema, hostile));
    const nested = JSON.parse(`{"room":"demo","token":"t","action":{"type":"algorithm","name":"rfast","learningRate":0.1,"params":{"__proto__":{"polluted":true}}}}`) as unknown;
    const result = validate(ControlRequestSchema, nested);
    if (result.ok && result.value.action.type === 'algorithm') expect(Object.keys(result.value.action.params ?? {})).not.toContain('__proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('turns a payload whose getters throw into a refusal instead of an exception', () => {
    const hostile = Object.defineProperty({}, 'room', { enumerable: true, get: () => { throw new Error('boom'); } });
    expectRefused(validate(JoinRequestSchema, hostile));
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); }, get: () => { throw new Error('trap'); } });
    expectRefused(validate(JoinRequestSchema, proxy));
  });
});

describe('parseAck', () => {
  it('returns the answer without `ok`, passes a refusal through, and flags a malformed answer', () => {
    expect(parseAck('join', { ok: true, ...validJoinAck })).toEqual({ ok: true, value: validJoinAck });
    expect(parseAck('signal', { ok: true })).toEqual({ ok: true, value: {} });
    const refusal = { ok: false, error: { code: 'not-neighbour', message: 'no' } };
    expect(parseAck('signal', refusal)).toEqual({ ok: false, error: refusal.error });
    expectRefused(parseAck('join', { ok: true, ...validJoinAck, topology: null }), 'topology');
    expectRefused(parseAck('control', { ok: false, error: { code: 'made-up', message: '' } }));
    expectRefused(parseAck('watch', undefined));
  });
});
