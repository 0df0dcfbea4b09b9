import { describe, expect, it } from 'vitest';
import { ChromiumMissingError, findChromium, SYSTEM_CHROMIUM } from './chromium';

const lookup = (present: readonly string[], playwright: string | undefined = '/pw/chrome') => ({
  exists: (p: string) => present.includes(p),
  playwrightPath: () => playwright,
});

describe('findChromium', () => {
  it("prefers Debian's Chromium", () => {
    expect(findChromium(lookup([SYSTEM_CHROMIUM, '/pw/chrome']))).toEqual({ executablePath: SYSTEM_CHROMIUM });
  });

  it("falls back to Playwright's own browser (no executablePath)", () => {
    expect(findChromium(lookup(['/pw/chrome']))).toEqual({ executablePath: undefined });
  });

  it('says how to install one when neither exists', () => {
    let caught: unknown;
    try {
      findChromium(lookup([], undefined));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChromiumMissingError);
    const error = caught as ChromiumMissingError;
    expect(error.reason).toBe('chromium-missing');
    expect(error.message).toContain('apt-get install -y chromium');
    expect(error.message).toContain('playwright install chromium');
  });
});
