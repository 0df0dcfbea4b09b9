/** The page validates every worker reply: a gradient-result must carry one loss per gradient. */
import { describe, expect, it } from 'vitest';
import { parseWorkerToMain } from './protocol';

const result = (fields: Record<string, unknown>): Record<string, unknown> => ({
  type: 'gradient-result',
  requestId: 4,
  loss: 0.7,
  accuracy: 0.5,
  gradients: [new Float32Array(3), new Float32Array(3)],
  losses: [0.7, 0.9],
  computeMs: 2,
  ...fields,
});

describe('worker → page gradient-result', () => {
  it('accepts one loss per gradient and keeps their order', () => {
    const parsed = parseWorkerToMain(result({}));
    expect(parsed.ok).toBe(true);
    if (parsed.ok && parsed.message.type === 'gradient-result') expect(parsed.message.losses).toEqual([0.7, 0.9]);
  });

  it('rejects a reply without losses, with a loss count that differs, or with non-numbers', () => {
    const { losses: _dropped, ...withoutLosses } = result({});
    for (const bad of [withoutLosses, result({ losses: [0.7] }), result({ losses: [0.7, 0.9, 1] }), result({ losses: [0.7, '0.9'] })]) {
      const parsed = parseWorkerToMain(bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/losses/);
    }
  });
});
