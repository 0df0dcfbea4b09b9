/** Malformed payloads for every client event: random values, wrong types, huge strings, pollution keys, broken fields. */
import { CLIENT_EVENT_SCHEMAS, validate, type ClientEventName } from '@canopy/protocol';
import fc from 'fast-check';

export interface MalformedCase {
  readonly event: ClientEventName;
  readonly payload: unknown;
}

const hostileKey = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'room', 'to', 'from', 'token', 'type', 'data'));
const randomJson = fc.anything({ key: hostileKey, maxDepth: 3, maxKeys: 6 });

/** What the payload becomes on the wire (socket.io serialises with JSON). */
function onTheWire(payload: unknown): unknown {
  const text = JSON.stringify(payload);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

const huge = 'x'.repeat(200_000);

function crafted(event: ClientEventName): unknown[] {
  const join = { room: 'demo', displayName: 'tab', capabilities: { backend: 'cpu', stepMs: 1 } };
  const polluted = (json: string): unknown => JSON.parse(json) as unknown;
  const common = [null, 0, -1, 'join', true, [], [1, 2, 3], huge, { [huge.slice(0, 1000)]: 1 }, polluted('{"__proto__":{"polluted":true}}')];
  const specific: Record<ClientEventName, unknown[]> = {
    join: [
      { ...join, room: huge },
      { ...join, room: '../etc' },
      { ...join, displayName: huge },
      { ...join, capabilities: { backend: 'cpu', stepMs: -1 } },
      { ...join, resume: { peerId: '__proto__', secret: 'x'.repeat(43) } },
      { ...join, resume: { peerId: 'p-1', secret: '' } },
      { ...join, resume: { peerId: 'p-1', secret: 'x'.repeat(43), epoch: 4294967301 } },
      { ...join, resume: { peerId: 'p-1', secret: 'x'.repeat(43), runId: 2 ** 53 - 1 } },
      polluted('{"room":"demo","displayName":"x","capabilities":{"backend":"cpu","stepMs":1},"__proto__":{"polluted":true}}'),
      polluted('{"room":"demo","displayName":"x","capabilities":{"backend":"cpu","stepMs":1,"constructor":{"prototype":{"polluted":true}}}}'),
    ],
    leave: [{ now: true }, polluted('{"__proto__":{"polluted":true}}')],
    signal: [
      { to: 'p-1', data: { type: 'offer', sdp: huge } },
      { to: 'p-1', data: { type: 'offer' } },
      { to: 'p-1', from: 'p-2', data: { type: 'answer', sdp: 'v=0' } },
      { to: huge, data: { type: 'answer', sdp: 'v=0' } },
      { to: 'p-1', data: { type: 'candidate', candidate: { candidate: 1 } } },
      { to: 'p-1', data: polluted('{"type":"offer","sdp":"v=0","__proto__":{"polluted":true}}') },
    ],
    metrics: [
      { runId: 1 },
      { runId: 'one', epoch: 1, step: 1 },
      polluted('{"runId":1,"epoch":1,"step":1,"loss":1e400}'),
    ],
    watch: [{ room: huge }, { room: 5 }, { room: 'a b' }, polluted('{"room":"demo","__proto__":{"polluted":true}}')],
    control: [
      { room: 'demo', token: huge, action: { type: 'pause' } },
      { room: 'demo', action: { type: 'pause' } },
      { room: 'demo', token: 'wrong', action: { type: 'rm -rf' } },
      polluted('{"room":"demo","token":"wrong","action":{"type":"pause","__proto__":{"polluted":true}}}'),
    ],
  };
  return [...common, ...specific[event]];
}

/** `total` payloads, spread over every event, none of which passes its event's schema. */
export function malformedPayloads(total: number, seed = 42): MalformedCase[] {
  const events = Object.keys(CLIENT_EVENT_SCHEMAS) as ClientEventName[];
  const cases: MalformedCase[] = [];
  for (const event of events) for (const payload of crafted(event)) cases.push({ event, payload });
  const perEvent = Math.ceil((total - cases.length) / events.length);
  events.forEach((event, index) => {
    const schema = CLIENT_EVENT_SCHEMAS[event];
    const randoms = fc
      .sample(randomJson, { numRuns: perEvent * 3, seed: seed + index })
      .filter((payload) => !validate(schema, onTheWire(payload)).ok)
      .slice(0, perEvent);
    for (const payload of randoms) cases.push({ event, payload });
  });
  return cases.slice(0, total);
}
