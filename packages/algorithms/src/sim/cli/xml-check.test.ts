import { describe, expect, it } from 'vitest';
import { parseXml } from './xml-check';

// The checker guards the SVG tests, so it must itself reject broken documents.
describe('parseXml', () => {
  it('accepts a nested document and collects text', () => {
    const els = parseXml('<svg a="1"><g><text x="2">a &amp; b</text></g><path d="M0,0"/></svg>\n');
    expect(els.map((e) => e.name)).toEqual(['svg', 'g', 'text', 'path']);
    expect(els[2]?.text).toBe('a &amp; b');
    expect(els[3]?.attributes['d']).toBe('M0,0');
  });
  it.each([
    ['<svg><g></svg>', 'closes'],
    ['<svg><g>', 'unclosed'],
    ['<svg x=1></svg>', 'malformed'],
    ['<svg>a & b</svg>', 'entity'],
    ['<svg></svg><svg></svg>', 'root'],
    ['<svg a="1" a="2"></svg>', 'duplicate'],
  ])('rejects %s', (doc, why) => {
    expect(() => parseXml(doc)).toThrow(why);
  });
});
