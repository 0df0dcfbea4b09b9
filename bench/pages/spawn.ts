/**
 * Runs the browser half (main.ts) as a child process and reads its JSON back: how bench/sections/browser.ts,
 * plain tsx outside any namespace, gets a browser run that enters the namespace by itself.
 */
import { runJsonChild } from '../../packages/harness/src/json-child';
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
  const exit = await runJsonChild({ script: BROWSER_BENCH_SCRIPT, args: (out) => ['--out', out], timeoutMs: run.timeoutMs, killGraceMs: 15_000, log: run.log });
  return outcomeOf(exit, exit.json, exit.tail);
}
