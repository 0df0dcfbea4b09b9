import { describe, expect, it } from 'vitest';
import { lineChartSvg } from './line-chart';
import { parseXml } from './xml-check';

describe('lineChartSvg with a linear y axis', () => {
  const svg = lineChartSvg({
    title: 'accuracy',
    xLabel: 'seconds',
    yLabel: 'held-out accuracy',
    yAxis: { kind: 'linear', min: 0, max: 1, format: (v) => `${Math.round(v * 100)}%` },
    seriesAttribute: 'tab',
    series: [
      { name: 'tab1', points: [{ x: 0, y: 0.1 }, { x: 5, y: 0.5 }, { x: 10, y: 1.2 }] },
      { name: 'tab2', points: [{ x: 0, y: Number.NaN }, { x: 5, y: 0.2 }, { x: 10, y: 0.9 }] },
    ],
  });
  const elements = parseXml(svg);
  const curve = (name: string): number[] => {
    const d = elements.find((e) => e.attributes['data-tab'] === name)?.attributes['d'] ?? '';
    return [...d.matchAll(/,([\d.]+)/g)].map((m) => Number(m[1]));
  };

  it('labels the axis with the formatter and names each curve by the chosen attribute', () => {
    const texts = elements.filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['0%', '20%', '100%', 'seconds', 'held-out accuracy', 'tab1', 'tab2']));
  });

  it('maps higher values higher up and clamps values above the range to the top', () => {
    const ys = curve('tab1');
    expect(ys).toHaveLength(3);
    expect(ys[1]).toBeLessThan(ys[0] ?? 0);
    const top = elements.find((e) => e.name === 'text' && e.text === '100%')?.attributes['y'];
    expect(ys[2]).toBeCloseTo(Number(top) - 4, 1);
  });

  it('skips non-finite points instead of drawing them', () => {
    const d = elements.find((e) => e.attributes['data-tab'] === 'tab2')?.attributes['d'] ?? '';
    expect(d).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
  });
});
