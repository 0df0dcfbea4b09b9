import { describe, expect, it } from 'vitest';
import { sample } from '../../../apps/demo/src/fake-result';
import type { Poll } from '../../../apps/demo/src/result';
import { bitsPlotSvg, finalBits, meanBitsCurve, rootTimeToBits } from './bits-curve';

const LN2 = Math.LN2;
const polls: Poll[] = [
  { t: 0, tabs: [sample(0, null, { isRoot: true }), sample(0, null)] },
  { t: 10, tabs: [sample(20, 0.1, { isRoot: true, heldOutLoss: 5 * LN2 }), sample(20, 0.1, { heldOutLoss: 4 * LN2 })] },
  { t: 20, tabs: [sample(40, 0.2, { isRoot: true, heldOutLoss: 4.2 * LN2 }), null] },
  { t: 30, tabs: [sample(60, 0.3, { isRoot: true, heldOutLoss: 3.9 * LN2 }), sample(60, 0.3, { heldOutLoss: 3.7 * LN2 })] },
];

describe('bits-per-character figures of a demo run', () => {
  it('average the tabs that have a figure, and skip polls without any', () => {
    const curve = meanBitsCurve(polls);
    expect(curve.map((p) => p.t)).toEqual([10, 20, 30]);
    expect(curve.map((p) => Number(p.bits.toFixed(6)))).toEqual([4.5, 4.2, 3.8]);
    expect(finalBits(polls)).toBeCloseTo(3.8, 9);
    expect(finalBits([])).toBeNull();
  });

  it('time to a level is the root tab\'s, not another tab\'s', () => {
    expect(rootTimeToBits(polls, 4.0)).toBe(30); // the other tab was at 4.0 at t = 10
    expect(rootTimeToBits(polls, 3.5)).toBeNull();
  });

  it('plots every run and the reference levels', () => {
    const svg = bitsPlotSvg('t', [{ name: '3 tabs', polls }], [{ name: 'unigram', bits: 4.41, until: 30 }]);
    expect(svg).toContain('<svg');
    expect(svg).toContain('3 tabs');
    expect(svg).toContain('unigram');
  });
});
