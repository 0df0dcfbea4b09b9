/**
 * Runs the browser half (main.ts) as a child process and reads its JSON back: how bench/sections/browser.ts,
 * plain tsx outside any namespace, gets a browser run that enters the namespace by itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/server';
import { BROWSER_BENCH_EXIT, BROWSER_BENCH_SCRIPT } from './exit-codes';
import { parseBrowserBenchResult, type BrowserBenchResult } from './schemas';

export type BrowserBenchOutcome =
  | { readonly ok: true; readonly result: BrowserBenchResult }
  | { readonly ok: false; readonly reason: 'no-chromium' | 'failed' | 'timeout' | 'bad-output'; readonly detail: string };

/** Classifies a finished child from its exit, whether it was killed for time, and what its file held. */
export function outcomeOf(exit: { code: number | null; timedOut: boolean }, json: string | undefined, tail: readonly string[]): BrowserBenchOutcome {
  const detail = tail.slice(-20).join('\n');
  if (exit.timedOut) return { ok: false, reason: 'timeout', detail };
  if (exit.code === BROWSER_BENCH_EXIT.noChromium) return { ok: false, reason: 'no-chromium', detail };
  if (exit.code !== BROWSER_BENCH_EXIT.ok) return { ok: false, reason: 'failed', detail: `exit ${exit.code}\n${detail}` };
  if (json === undefined) return { ok: false, reason: 'bad-output', detail: `no result file written\n${detail}` };
  const parsed = parseBrowserBenchResult(json);
  return parsed.ok ? { ok: true, result: parsed.value } : { ok: false, reason: 'bad-output', detail: `${parsed.reason}: ${parsed.detail}` };
}

export async function runBrowserBench(run: { readonly timeoutMs: number; readonly log: (line: string) => void }): Promise<BrowserBenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-browser-bench-'));
  const out = join(dir, 'result.json');
  const child = spawn(process.execPath, ['--import', 'tsx', BROWSER_BENCH_SCRIPT, '--out', out], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > 200) tail.shift();
      run.log(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let timedOut = false;
  let kill: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM'); // the namespace wrapper forwards it; the browser and server die with the process
    kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
  }, run.timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        tail.push(error.message);
        resolve(null);
      });
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    let json: string | undefined;
    try {
      json = readFileSync(out, 'utf8');
    } catch {
      json = undefined;
    }
    return outcomeOf({ code, timedOut }, json, tail);
  } finally {
    clearTimeout(timer);
    clearTimeout(kill);
    rmSync(dir, { recursive: true, force: true });
  }
}
