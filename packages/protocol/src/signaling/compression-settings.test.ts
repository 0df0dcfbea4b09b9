import { describe, expect, it } from 'vitest';
import { COMPRESSOR_NAMES } from '../compression/names';
import { ControlRequestSchema, RoomStateSchema, initialRoomState, validate } from './index';

const control = (action: Record<string, unknown>) => ({ room: 'demo', token: 'secret', action: { type: 'compression', ...action } });

describe('room compression setting', () => {
  it('defaults to none with a keyframe every 8 messages, and the default state validates', () => {
    const state = initialRoomState();
    expect(state.settings.compression).toEqual({ name: 'none', keyframeEvery: 8 });
    expect(validate(RoomStateSchema, state).ok).toBe(true);
  });

  it.each(COMPRESSOR_NAMES)('accepts a compression control choosing %s', (name) => {
    expect(validate(ControlRequestSchema, control({ name, keyframeEvery: 16 })).ok).toBe(true);
  });

  it.each([
    [{ name: 'zip', keyframeEvery: 8 }, 'name'],
    [{ name: 'q8' }, 'keyframeEvery'],
    [{ name: 'q8', keyframeEvery: 0 }, 'keyframeEvery'],
    [{ name: 'q8', keyframeEvery: 1.5 }, 'keyframeEvery'],
    [{ name: 'q8', keyframeEvery: 2000 }, 'keyframeEvery'],
    [{ name: 'topk', keyframeEvery: 8, ratio: 0 }, 'ratio'],
    [{ name: 'q-dynamic', keyframeEvery: 8, errorBudget: -1 }, 'errorBudget'],
    [{ name: 'sketch', keyframeEvery: 8, rows: 40 }, 'rows'],
    [{ name: 'q8', keyframeEvery: 8, level: 3 }, 'level'],
  ])('refuses %j (names %s)', (action, field) => {
    const result = validate(ControlRequestSchema, control(action));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(field);
  });
});
