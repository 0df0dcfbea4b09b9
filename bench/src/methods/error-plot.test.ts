import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../packages/algorithms/src/sim/cli/xml-check';
import { errorPlotSvg, thin } from './error-plot';
import type { SimOutcome } from './sim-runs';

const points = (n: number) => Array.from({ length: n }, (_, i) => ({ x: i, y: 1 / (i + 1) }));

describe('thin', () => {
  it('keeps short curves whole and long ones at most max points, first and last included', () => {
    expect(thin(points(50), 100)).toHaveLength(50);
    const kept = thin(points(801), 200);
    expect(kept.length).toBeLessThanOrEqual(201);
    expect(kept[0]).toEqual({ x: 0, y: 1 });
    expect(kept.at(-1)).toEqual({ x: 800, y: 1 / 801 });
  });
});

describe('errorPlotSvg', () => {
  const outcome = (method: string, straggler: boolean): SimOutcome => ({
    method, scenario: { straggler, loss: 0.2 }, learningRate: 1, timeToTarget: undefined, bytesToTarget: undefined,
    finalRelError: 0.1, finalLossGap: 0.01, bytesTotal: 0, curve: points(400), realMs: 1,
  });

  it('draws one curve per method of the chosen scenario only, titled with it', () => {
    const svg = errorPlotSvg([outcome('rfast', true), outcome('rfast', false), outcome('rfast+q8', true)], { straggler: true, loss: 0.2 });
    const elements = parseXml(svg);
    expect(elements.filter((e) => e.name === 'path').map((e) => e.attributes['data-method'])).toEqual(['rfast', 'rfast+q8']);
    expect(elements.some((e) => e.name === 'text' && e.text.includes('one 4× straggler, loss 0.2'))).toBe(true);
  });
});
