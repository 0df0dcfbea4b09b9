import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { fakeResult, sample } from './fake-result';
import { formatNumber } from './format';
import { summaryTable } from './summary';
import { toSvg } from './svg';
import { parseXml } from './xml-check';

const results = [
  fakeResult('rfast', [sample(0, 1), sample(5, 1e-3, { invariantResidual: 1e-13 }), sample(10, 0)]),
  fakeResult('allreduce', [sample(0, 1), sample(5, 0.1), sample(10, 1 / 3)]),
];

describe('formatNumber', () => {
  it('prints integers exactly, others with 10 significant digits, and spells non-finite values', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(1 / 3)).toBe('0.3333333333');
    expect(formatNumber(1e-13)).toBe('1e-13');
    expect(formatNumber(2.5e-7)).toBe('2.5e-7');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('-Inf');
  });
});

describe('toCsv', () => {
  it('writes a header and one row per sample in long format', () => {
    const lines = toCsv(results).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'algorithm,time,activations,relErrorMean,relErrorWorst,consensus,lossGap,invariantResidual,messagesSent,messagesLost,bytesSent,epoch,accuracy,heldOutLoss',
    );
    expect(lines).toHaveLength(7);
    expect(lines[2]).toBe('rfast,5,50,0.001,0.002,0.0005,0.000001,1e-13,100,5,8000,0,NaN,NaN');
    expect(lines[6]).toBe('allreduce,10,100,0.3333333333,0.6666666667,0.1666666667,0.1111111111,NaN,200,10,16000,0,NaN,NaN');
  });
});

describe('toSvg', () => {
  const svg = toSvg(results, 'least-squares <d=2> & co');
  const elements = parseXml(svg);

  it('is well-formed with one curve per algorithm, in run order', () => {
    const curves = elements.filter((e) => e.name === 'path');
    expect(curves.map((c) => c.attributes['data-algorithm'])).toEqual(['rfast', 'allreduce']);
    for (const c of curves) expect(c.attributes['d']).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){2}$/);
    expect(new Set(curves.map((c) => c.attributes['stroke'])).size).toBe(2);
  });

  it('has a legend naming every algorithm, axis labels and the escaped title', () => {
    const texts = elements.filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['rfast', 'allreduce', 'virtual time', 'relative error of the mean model']));
    expect(texts).toContain('least-squares &lt;d=2&gt; &amp; co');
  });

  it('uses a log y axis: one label per decade, and an exact zero on the floor', () => {
    const labels = elements.filter((e) => e.name === 'text' && /^1e-?\d+$/.test(e.text)).map((e) => e.text);
    expect(labels).toEqual(['1e-3', '1e-2', '1e-1', '1e0']);
    const rfast = elements.find((e) => e.attributes['data-algorithm'] === 'rfast')?.attributes['d'] ?? '';
    const ys = [...rfast.matchAll(/,([\d.]+)/g)].map((m) => Number(m[1]));
    // 1 → top of the plot, 1e-3 and 0 → the bottom (floor of the decade range).
    expect(ys[0]).toBeLessThan(ys[1] ?? 0);
    expect(ys[1]).toBe(ys[2]);
  });
});

describe('summaryTable', () => {
  it('shows final errors, time to target (— when never reached) and counters', () => {
    const text = summaryTable(results, 1e-3);
    const rfast = text.split('\n').find((l) => l.includes('rfast')) ?? '';
    const allreduce = text.split('\n').find((l) => l.includes('allreduce')) ?? '';
    expect(rfast).toMatch(/│\s+0\s+│\s+0\s+│\s+5\s+│\s+200\s+│\s+10\s+│\s+16000\s+│\s+13\s+│/);
    expect(allreduce).toContain('—');
    expect(text).toContain('time to 0.001');
  });
});
