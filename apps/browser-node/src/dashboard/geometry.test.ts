import { describe, expect, it } from 'vitest';
import { edgeSegment, fitLayout, pointAt } from './geometry';

const viewport = { width: 400, height: 300, padding: 50, maxUnit: 1_000 };

describe('fitLayout', () => {
  it('scales uniformly into the viewport and centres the drawing', () => {
    const fitted = fitLayout(new Map([['a', { x: 0, y: 0 }], ['b', { x: 2, y: 1 }]]), viewport);
    // 300 px wide / 2 units, 200 px high / 1 unit → 150 px per unit.
    expect(fitted.get('a')).toEqual({ x: 50, y: 75 });
    expect(fitted.get('b')).toEqual({ x: 350, y: 225 });
  });

  it('puts a single node in the middle and caps the unit size', () => {
    expect(fitLayout(new Map([['a', { x: 5, y: 5 }]]), viewport).get('a')).toEqual({ x: 200, y: 150 });
    const capped = fitLayout(new Map([['a', { x: 0, y: 0 }], ['b', { x: 1, y: 0 }]]), { ...viewport, maxUnit: 100 });
    expect(capped.get('b')?.x).toBe(250);
  });
});

describe('fitLayout, per axis', () => {
  it('stretches each axis on its own when not uniform, within its cap', () => {
    const fitted = fitLayout(new Map([['a', { x: 0, y: 0 }], ['b', { x: 1, y: 1 }]]), { ...viewport, maxUnit: 250, maxRowUnit: 80, uniform: false });
    expect(fitted.get('a')).toEqual({ x: 75, y: 110 });
    expect(fitted.get('b')).toEqual({ x: 325, y: 190 });
  });
});

describe('fitLayout, captions', () => {
  it('keeps room for captions right of the rightmost node', () => {
    const fitted = fitLayout(new Map([['a', { x: 0, y: 0 }], ['b', { x: 1, y: 0 }]]), { ...viewport, captionWidth: 100 });
    expect(fitted.get('a')?.x).toBe(50);
    expect(fitted.get('b')?.x).toBe(250);
  });
});

describe('edgeSegment', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };

  it('runs from sender to receiver, trimmed at both node circles', () => {
    expect(edgeSegment('a', 'b', a, b, 0, 10)).toEqual({ x1: 10, y1: 0, x2: 90, y2: 0 });
  });

  it('puts opposite offsets on opposite sides whichever way the edge points', () => {
    const pull = edgeSegment('a', 'b', a, b, -4, 0);
    const push = edgeSegment('b', 'a', b, a, 4, 0);
    expect(pull.y1).toBe(-4);
    expect(push.y1).toBe(4);
    expect(push.x1).toBe(100);
  });

  it('interpolates along the segment', () => {
    expect(pointAt({ x1: 0, y1: 0, x2: 10, y2: 20 }, 0.5)).toEqual({ x: 5, y: 10 });
  });
});
