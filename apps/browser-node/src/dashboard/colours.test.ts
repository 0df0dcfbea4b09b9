import { describe, expect, it } from 'vitest';
import { ColourBook, NODE_PALETTE } from './colours';

describe('ColourBook', () => {
  it('gives each node its own colour, the same one every time', () => {
    const book = new ColourBook();
    const colours = Array.from({ length: 16 }, (_, i) => book.colour(`p${i}`));
    expect(new Set(colours).size).toBe(16);
    expect(book.colour('p3')).toBe(colours[3]);
    expect(book.colour('p16')).toBe(NODE_PALETTE[0]); // past 16 nodes colours repeat
  });
});
