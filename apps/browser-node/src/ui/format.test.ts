import { describe, expect, it } from 'vitest';
import { DASH, formatBytes, formatHeldOutBits, formatMs, formatPercent } from './format';

describe('node page formatting', () => {
  it('scales bytes to binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300.0 MiB');
  });

  it('shows a held-out loss in bits, and a language model\'s perplexity 2^bits with it', () => {
    expect(formatHeldOutBits(Math.LN2 * 4, true)).toBe('4.000 (perplexity 16.0)');
    expect(formatHeldOutBits(Math.log(80), true)).toBe('6.322 (perplexity 80.0)');
    expect(formatHeldOutBits(Math.LN2 * 0.25, false)).toBe('0.2500');
    expect(formatHeldOutBits(null, true)).toBe(DASH);
  });

  it('shows missing values as a dash, never as NaN or null', () => {
    expect(formatPercent(null)).toBe(DASH);
    expect(formatMs(null)).toBe(DASH);
    expect(formatPercent(0.8567)).toBe('85.7 %');
    expect(formatMs(3.14159)).toBe('3.1 ms');
  });
});
