/**
 * Which Chromium to drive: Debian's where installed (Playwright's browser download is unreachable on these
 * machines), Playwright's own elsewhere, and a clear message saying how to get one when neither exists.
 */
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Same flags as e2e/playwright.config.ts: no background traffic from the browser itself. */
export const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export class ChromiumMissingError extends Error {
  readonly reason = 'chromium-missing';
  constructor(playwrightPath: string | undefined) {
    super(
      [
        'No Chromium found.',
        `  - not at ${SYSTEM_CHROMIUM}`,
        `  - Playwright's own browser is not installed${playwrightPath ? ` (${playwrightPath})` : ''}`,
        'Install one of them:',
        '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium',
        '  elsewhere:     pnpm --filter @canopy/e2e exec playwright install chromium',
      ].join('\n'),
    );
  }
}

export interface ChromiumLookup {
  readonly exists: (path: string) => boolean;
  /** Where Playwright would look for its own browser (undefined when it cannot tell). */
  readonly playwrightPath: () => string | undefined;
}

/** undefined for the executablePath option means "Playwright's own browser". */
export function findChromium(lookup: ChromiumLookup): { readonly executablePath: string | undefined } {
  if (lookup.exists(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM };
  const own = lookup.playwrightPath();
  if (own !== undefined && lookup.exists(own)) return { executablePath: undefined };
  throw new ChromiumMissingError(own);
}

export const realLookup = (playwrightPath: () => string): ChromiumLookup => ({
  exists: existsSync,
  playwrightPath: () => {
    try {
      return playwrightPath();
    } catch {
      return undefined;
    }
  },
});
