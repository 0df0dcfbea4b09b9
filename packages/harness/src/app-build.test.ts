import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNeed, newestMtime } from './app-build';

const dir = mkdtempSync(join(tmpdir(), 'canopy-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(path: string, seconds: number): void {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, 'x');
  utimesSync(full, seconds, seconds);
}

describe('buildNeed', () => {
  it('builds when dist is missing or older than the sources, not otherwise', () => {
    expect(buildNeed(0, 5)).toEqual({ build: true, why: expect.stringContaining('missing') });
    expect(buildNeed(10, 11)).toEqual({ build: true, why: expect.stringContaining('changed') });
    expect(buildNeed(10, 10)).toEqual({ build: false });
  });
});

describe('newestMtime', () => {
  it('takes the newest file below a folder, ignoring tests and node_modules', () => {
    file('src/a.ts', 1_000);
    file('src/deep/b.ts', 2_000);
    file('src/deep/b.test.ts', 9_000);
    file('src/node_modules/x.js', 9_000);
    expect(newestMtime(join(dir, 'src'))).toBe(2_000_000);
    expect(newestMtime(join(dir, 'nothing-here'))).toBe(0);
  });
});
