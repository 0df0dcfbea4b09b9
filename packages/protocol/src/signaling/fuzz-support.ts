/** Shared by the schema fuzz tests: random values with hostile keys, paths into valid payloads, the outcome check. */
import fc from 'fast-check';
import type { z } from 'zod';
import { expect } from 'vitest';
import { validate } from './index';

const hostileKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'type', 'room', 'to', 'from', 'token', 'sdp', 'peerId'),
);
export const randomValue = fc.anything({ key: hostileKey, maxDepth: 2, maxKeys: 5, withNullPrototype: true, withMap: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true });

type Path = (string | number)[];

/** Paths to every primitive leaf (null included) and to every plain object of a JSON-like value. */
export function collectPaths(value: unknown, path: Path = [], leaves: Path[] = [], objects: Path[] = []): { leaves: Path[]; objects: Path[] } {
  if (Array.isArray(value)) value.forEach((item, index) => collectPaths(item, [...path, index], leaves, objects));
  else if (value !== null && typeof value === 'object') {
    objects.push(path);
    for (const [key, item] of Object.entries(value)) collectPaths(item, [...path, key], leaves, objects);
  } else leaves.push(path);
  if (path.length === 0 && leaves.length === 0) leaves.push([]); // `{}`: mutate the payload itself
  return { leaves, objects };
}

export function withAt(root: unknown, path: Path, update: (current: unknown) => unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  if (path.length === 0) return update(copy);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  node[last] = update(node[last]);
  return copy;
}

export function checkOutcome(schema: z.ZodType, payload: unknown): boolean {
  const result = validate(schema, payload);
  if (result.ok) return validate(schema, result.value).ok; // what passed once passes again
  return result.error.code === 'bad-request' && result.error.message.length > 0;
}


let sampled: unknown[] | undefined;

/** 10,000 random values, drawn once per test file (seeded) and shared by every schema: generation costs as much as validation. */
export function randomValues(): unknown[] {
  sampled ??= fc.sample(randomValue, { numRuns: 10_000, seed: 20_261_122 });
  return sampled;
}

/** The three fuzz properties for one schema, given valid samples to mutate. */
export function fuzzSchema(schema: z.ZodType, samples: readonly unknown[]): { random: () => void; mutated: () => void; broken: () => void } {
  return {
    random: () => {
      const failures = randomValues().filter((payload) => !checkOutcome(schema, payload));
      expect(failures).toEqual([]);
    },
    mutated: () => {
      const arb = fc.constantFrom(...samples).chain((sample) => {
        const { leaves } = collectPaths(sample);
        return fc.tuple(fc.constant(sample), fc.constantFrom(...leaves), randomValue);
      });
      fc.assert(fc.property(arb, ([sample, path, value]) => checkOutcome(schema, withAt(sample, path, () => value))), { numRuns: 2_000 });
    },
    broken: () => {
      const arb = fc.constantFrom(...samples).chain((sample) => {
        const { leaves, objects } = collectPaths(sample);
        return fc.tuple(fc.constant(sample), fc.constantFrom(...leaves), fc.constantFrom(...objects));
      });
      const unknownKey = 'zz_unknown';
      fc.assert(
        fc.property(arb, ([sample, leaf, objectPath]) => {
          expect(validate(schema, withAt(sample, leaf, () => [])).ok).toBe(false);
          const extended = withAt(sample, objectPath, (node) => ({ ...(node as object), [unknownKey]: [] }));
          const result = validate(schema, extended);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.message).toContain(unknownKey);
        }),
        { numRuns: 300 },
      );
    },
  };
}
