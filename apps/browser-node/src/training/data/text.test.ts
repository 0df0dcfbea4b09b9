import { describe, expect, it } from 'vitest';
import { bitsPerCharacter, decodeText, encodeText, normalizeText, TEXT_VOCABULARY } from './text';

describe('text vocabulary', () => {
  it('has 80 distinct characters and round-trips text made of them', () => {
    expect(new Set(TEXT_VOCABULARY).size).toBe(TEXT_VOCABULARY.length);
    expect(TEXT_VOCABULARY.length).toBe(80);
    const text = 'Call me Ishmael. Some years ago - never mind how long!\n"Aye, aye," (1851)';
    expect(decodeText(encodeText(text))).toBe(text);
  });

  it('folds typographic dashes and quotes, and names a character it cannot encode', () => {
    expect(normalizeText('ago—never ‘so’ “so”')).toBe('ago-never \'so\' "so"');
    expect(() => encodeText('naïve')).toThrow(/"ï" at 2 is not in the text vocabulary/);
  });

  it('bits per character are nats over ln 2', () => {
    expect(bitsPerCharacter(Math.log(80))).toBeCloseTo(Math.log2(80), 12);
  });
});
