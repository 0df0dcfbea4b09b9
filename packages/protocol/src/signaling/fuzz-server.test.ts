/** 10,000 random objects into every server-event schema (what a client validates), plus mutations of valid payloads. */
import type { z } from 'zod';
import { describe, it } from 'vitest';
import { JoinAckSchema, SERVER_EVENT_SCHEMAS, TopologySchema, WatchSnapshotSchema, initialRoomState } from './index';
import { fuzzSchema } from './fuzz-support';
import { validDelivery, validJoinAck, validPeerTopology, validRoomTopology, validSample, validSnapshot, validTopology } from './test-fixtures';

const cases: [string, z.ZodType, readonly unknown[]][] = [
  ['topology', SERVER_EVENT_SCHEMAS.topology, [validPeerTopology]],
  ['signal delivery', SERVER_EVENT_SCHEMAS.signal, [validDelivery]],
  ['control state', SERVER_EVENT_SCHEMAS.control, [initialRoomState()]],
  ['room-topology', SERVER_EVENT_SCHEMAS['room-topology'], [validRoomTopology]],
  ['metrics sample', SERVER_EVENT_SCHEMAS.metrics, [validSample]],
  ['refused', SERVER_EVENT_SCHEMAS.refused, [{ event: 'join', error: { code: 'room-full', message: 'full' } }]],
  ['join ack', JoinAckSchema, [validJoinAck]],
  ['watch snapshot', WatchSnapshotSchema, [validSnapshot]],
  ['whole topology', TopologySchema, [validTopology]],
];

describe.each(cases)('fuzzing the %s schema', (_name, schema, samples) => {
  const fuzz = fuzzSchema(schema, samples);
  it('never throws on 10,000 random values and refuses invalid ones with a reason', fuzz.random);
  it('never throws when a leaf of a valid payload is replaced by a random value', fuzz.mutated);
  it('refuses a valid payload with a leaf turned into an array, or an unknown key (holding an array) added', fuzz.broken);
});
