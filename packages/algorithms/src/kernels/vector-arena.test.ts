import { describe, expect, it } from 'vitest';
import { MAX_LIVE_ARENAS, VectorArena } from './vector-arena';

describe('VectorArena', () => {
  it('carves disjoint 16-byte-aligned views of one memory, and knows its own', () => {
    const arena = VectorArena.create(VectorArena.bytesFor([12, 24, 4]))!;
    const a = arena.float32(3);
    const b = arena.float64(3);
    const c = arena.float32(1);
    expect([a.byteOffset, b.byteOffset, c.byteOffset]).toEqual([0, 16, 48]);
    a.fill(1);
    b.fill(2);
    c.fill(3);
    expect([...a, ...b, ...c]).toEqual([1, 1, 1, 2, 2, 2, 3]);
    expect(arena.owns(b)).toBe(true);
    expect(arena.owns(new Float64Array(3))).toBe(false);
  });

  it('refuses to carve past its memory (never grows: growing would detach the views)', () => {
    const arena = VectorArena.create(65_536)!;
    arena.float64(8000);
    expect(() => arena.float64(200)).toThrow(/arena full/);
  });

  it('gives none without the kernel module, for a non-positive size, or past the cap of live arenas', () => {
    expect(VectorArena.create(1024, null)).toBeUndefined();
    expect(VectorArena.create(0)).toBeUndefined();
    const held: VectorArena[] = [];
    for (let i = 0; i < MAX_LIVE_ARENAS + 2; i++) {
      const arena = VectorArena.create(1024);
      if (arena === undefined) break;
      held.push(arena);
    }
    expect(VectorArena.live).toBeLessThanOrEqual(MAX_LIVE_ARENAS);
    expect(VectorArena.create(1024)).toBeUndefined();
    expect(held.length).toBeGreaterThan(0);
  });
});
