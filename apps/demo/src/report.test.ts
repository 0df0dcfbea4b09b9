import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../../packages/algorithms/src/sim/cli/xml-check';
import { fakeResult } from './fake-result';
import { CSV_HEADER, toCsv, writeReport } from './report';

const dir = mkdtempSync(join(tmpdir(), 'canopy-demo-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('toCsv', () => {
  it('writes one row per tab per poll, skipping unreadable tabs, empty cells for unmeasured values', () => {
    const lines = toCsv(fakeResult()).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(1 + 9); // 5 polls × 2 tabs, minus tab2 unreadable at t = 5
    expect(lines[1]).toBe('0.00,tab1,p1,1,0,,0.5,20,0,0,0,0');
    expect(lines.filter((l) => l.startsWith('5.00,'))).toEqual(['5.00,tab1,p1,1,50,0.6,0.5,20,50000,45000,0,0']);
    expect(lines.at(-1)).toBe('20.00,tab2,p2,0,190,,0.5,20,190000,171000,9,0');
    for (const line of lines) expect(line.split(',')).toHaveLength(CSV_HEADER.split(',').length);
  });
});

describe('writeReport', () => {
  const files = writeReport(fakeResult(), join(dir, 'nested', 'out'));

  it('writes an SVG with one accuracy curve per tab over the measured points only', () => {
    const elements = parseXml(readFileSync(files.svg, 'utf8'));
    const curves = elements.filter((e) => e.name === 'path');
    expect(curves.map((c) => c.attributes['data-tab'])).toEqual(['tab1', 'tab2 (slow)']);
    // tab1 has 3 measured accuracies (t = 5, 10, 15), tab2 two (t = 10, 15).
    expect(curves[0]?.attributes['d']).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){2}$/);
    expect(curves[1]?.attributes['d']).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    const texts = elements.filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['held-out accuracy', 'seconds since training started', '90%']));
  });

  it('writes the CSV and a Markdown report that links both and shows the summary', () => {
    expect(readFileSync(files.csv, 'utf8')).toBe(toCsv(fakeResult()));
    const md = readFileSync(files.markdown, 'utf8');
    expect(md).toContain('![held-out accuracy per tab](accuracy.svg)');
    expect(md).toContain('[series.csv](series.csv)');
    expect(md).toContain('| tab2 (slow) | p2 | peer | wasm | 92.0% |');
    expect(md).toContain('root tab: 10.0 s');
    expect(md).toContain('> tab2: status unreadable');
  });
});
