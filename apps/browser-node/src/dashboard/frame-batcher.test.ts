import { describe, expect, it } from 'vitest';
import { FrameBatcher } from './frame-batcher';

function manualFrames(): { schedule: (cb: () => void) => void; run: () => void; requested: () => number } {
  let callbacks: (() => void)[] = [];
  let requested = 0;
  return {
    schedule: (cb) => {
      requested++;
      callbacks.push(cb);
    },
    run: () => {
      const due = callbacks;
      callbacks = [];
      for (const cb of due) cb();
    },
    requested: () => requested,
  };
}

describe('FrameBatcher', () => {
  it('applies everything that arrived before a frame in one batch, asking for one frame', () => {
    const frames = manualFrames();
    const batches: number[][] = [];
    const batcher = new FrameBatcher<number>(frames.schedule, (items) => batches.push([...items]));
    for (let i = 0; i < 32; i++) batcher.push(i);
    expect(frames.requested()).toBe(1);
    expect(batches).toEqual([]);
    frames.run();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(32);
    batcher.push(99);
    frames.run();
    expect(batches[1]).toEqual([99]);
    expect(frames.requested()).toBe(2);
  });

  it('flushes at once when frames stop coming and the queue reaches its bound', () => {
    const frames = manualFrames();
    const batches: number[] = [];
    const batcher = new FrameBatcher<number>(frames.schedule, (items) => batches.push(items.length), 10);
    for (let i = 0; i < 25; i++) batcher.push(i);
    expect(batches).toEqual([10, 10]);
    expect(batcher.pending).toBe(5);
    batcher.flushNow();
    expect(batches).toEqual([10, 10, 5]);
    frames.run(); // the frame requested earlier finds nothing left to do
    expect(batches).toEqual([10, 10, 5]);
  });
});
