import { describe, expect, it } from 'vitest';
import { DASH, formatBytes, formatMs, formatPercent } from './format';

describe('node page formatting', () => {
  it('scales bytes to binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300.0 MiB');
  });

  it('shows missing values as a dash, never as NaN or null', () => {
    expect(formatPercent(null)).toBe(DASH);
    expect(formatMs(null)).toBe(DASH);
    expect(formatPercent(0.8567)).toBe('85.7 %');
    expect(formatMs(3.14159)).toBe('3.1 ms');
  });
});
