/**
 * `pnpm demo` serves the built node page: build it when dist/ is missing or older than any source it is
 * made from (the app, the two packages it bundles, its HTML and Vite config).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const APP_DIR = 'apps/browser-node';
export const DIST_DIR = `${APP_DIR}/dist`;

/** Relative to the repository root. */
export const APP_SOURCES = [
  `${APP_DIR}/src`,
  `${APP_DIR}/index.html`,
  `${APP_DIR}/dashboard.html`,
  `${APP_DIR}/vite.config.ts`,
  'packages/protocol/src',
  'packages/algorithms/src',
];

/** Newest modification time (ms) under `path`, ignoring tests; 0 when it does not exist. */
export function newestMtime(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export type BuildNeed = { readonly build: false } | { readonly build: true; readonly why: string };

/** builtAt: mtime of dist/index.html (0 when missing); sourcesAt: newest source mtime. */
export function buildNeed(builtAt: number, sourcesAt: number): BuildNeed {
  if (builtAt === 0) return { build: true, why: `${DIST_DIR} is missing` };
  if (sourcesAt > builtAt) return { build: true, why: 'sources changed since the last build' };
  return { build: false };
}

export function currentBuildNeed(repoRoot: string): BuildNeed {
  const builtAt = newestMtime(join(repoRoot, DIST_DIR, 'index.html'));
  const sourcesAt = Math.max(...APP_SOURCES.map((p) => newestMtime(join(repoRoot, p))));
  return buildNeed(builtAt, sourcesAt);
}

/** Runs `pnpm --filter @canopy/browser-node build`, streaming its output to `log` line by line. */
export function buildApp(repoRoot: string, log: (line: string) => void): Promise<void> {
  const child = spawn('pnpm', ['--filter', '@canopy/browser-node', 'build'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      log(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`cannot run pnpm to build the node page: ${error.message}`)));
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`building the node page failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}
