/** 10,000 random objects into every client-event schema, plus mutations of valid payloads, plus random acks. */
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, it } from 'vitest';
import { CLIENT_EVENT_NAMES, CLIENT_EVENT_SCHEMAS, parseAck } from './index';
import { fuzzSchema, randomValue } from './fuzz-support';
import { validControls, validJoin, validMetrics, validSignals } from './test-fixtures';

const cases: [string, z.ZodType, readonly unknown[]][] = [
  ['join', CLIENT_EVENT_SCHEMAS.join, [validJoin]],
  ['leave', CLIENT_EVENT_SCHEMAS.leave, [{}]],
  ['signal', CLIENT_EVENT_SCHEMAS.signal, validSignals],
  ['metrics', CLIENT_EVENT_SCHEMAS.metrics, [validMetrics]],
  ['watch', CLIENT_EVENT_SCHEMAS.watch, [{ room: 'demo' }]],
  ['control', CLIENT_EVENT_SCHEMAS.control, validControls],
];

describe.each(cases)('fuzzing the %s schema', (_name, schema, samples) => {
  const fuzz = fuzzSchema(schema, samples);
  it('never throws on 10,000 random values and refuses invalid ones with a reason', fuzz.random);
  it('never throws when a leaf of a valid payload is replaced by a random value', fuzz.mutated);
  it('refuses a valid payload with a leaf turned into an array, or an unknown key (holding an array) added', fuzz.broken);
});

describe('fuzzing acks', () => {
  it('parseAck never throws and never accepts a random answer without ok: true', () => {
    const arb = fc.tuple(fc.constantFrom(...CLIENT_EVENT_NAMES), randomValue);
    fc.assert(
      fc.property(arb, ([event, response]) => {
        const result = parseAck(event, response);
        const claimedOk = typeof response === 'object' && response !== null && (response as { ok?: unknown }).ok === true;
        return result.ok ? claimedOk : result.error.message.length > 0;
      }),
      { numRuns: 10_000 },
    );
  });
});
