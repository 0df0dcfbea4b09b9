import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatNumber, formatPercent, formatRate } from './format';

describe('format', () => {
  it('shows unknown values as a dash', () => {
    for (const f of [formatPercent, formatNumber, formatBytes, formatRate, formatCount]) expect(f(null)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
  });

  it('formats percentages, bytes, rates and large numbers', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatRate(3.25)).toBe('3.3 msg/s');
    expect(formatRate(42)).toBe('42 msg/s');
    expect(formatNumber(12_345.6)).toBe('12,346');
    expect(formatNumber(0.4567)).toBe('0.46');
  });
});
