/**
 * Runs `pnpm demo` as a child process with --json and reads its result back: how the cluster benchmark
 * (plain tsx, outside any namespace) gets a browser run that enters the namespace by itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/server';
import { DEMO_EXIT } from './exit-codes';
import { toDemoArgs, type DemoOptions } from './options';
import { parseDemoResult, type DemoResult } from './result';

export type DemoOutcome =
  | { readonly ok: true; readonly result: DemoResult }
  | { readonly ok: false; readonly reason: 'no-chromium' | 'failed' | 'timeout' | 'bad-output'; readonly detail: string };

export const DEMO_SCRIPT = 'e2e/demo/main.ts';

/** Classifies a finished child: its exit code, whether we killed it, and what its --json file held. */
export function outcomeOf(exit: { code: number | null; timedOut: boolean }, json: string | undefined, tail: readonly string[]): DemoOutcome {
  const detail = tail.slice(-12).join('\n');
  if (exit.timedOut) return { ok: false, reason: 'timeout', detail };
  if (exit.code === DEMO_EXIT.noChromium) return { ok: false, reason: 'no-chromium', detail };
  if (exit.code !== DEMO_EXIT.ok) return { ok: false, reason: 'failed', detail: `exit ${exit.code}\n${detail}` };
  if (json === undefined) return { ok: false, reason: 'bad-output', detail: `no JSON result written\n${detail}` };
  const parsed = parseDemoResult(json);
  return parsed.ok ? { ok: true, result: parsed.result } : { ok: false, reason: 'bad-output', detail: `${parsed.reason}: ${parsed.detail}` };
}

export async function runDemoProcess(
  options: Omit<DemoOptions, 'json' | 'progress'>,
  run: { readonly timeoutMs: number; readonly log: (line: string) => void },
): Promise<DemoOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-demo-'));
  const jsonPath = join(dir, 'result.json');
  const args = toDemoArgs({ ...options, json: jsonPath, progress: 'lines' });
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO_SCRIPT, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
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
    child.kill('SIGTERM'); // the demo closes its browser and server on SIGTERM
    kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
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
      json = readFileSync(jsonPath, 'utf8');
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
