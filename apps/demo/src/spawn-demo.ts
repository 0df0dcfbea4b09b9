/**
 * Runs `pnpm demo` as a child process with --json and reads its result back: how the cluster benchmark
 * (plain tsx, outside any namespace) gets a browser run that enters the namespace by itself.
 */
import { runJsonChild } from '../../../packages/harness/src/json-child';
import { DEMO_EXIT } from './exit-codes';
import { toDemoArgs, type DemoOptions } from './options';
import { parseDemoResult, type DemoResult } from './result';

export type DemoOutcome =
  | { readonly ok: true; readonly result: DemoResult }
  | { readonly ok: false; readonly reason: 'no-chromium' | 'failed' | 'timeout' | 'bad-output'; readonly detail: string };

export const DEMO_SCRIPT = 'apps/demo/src/main.ts';

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
  const exit = await runJsonChild({
    script: DEMO_SCRIPT,
    args: (jsonPath) => toDemoArgs({ ...options, json: jsonPath, progress: 'lines' }),
    timeoutMs: run.timeoutMs,
    killGraceMs: 20_000,
    log: run.log,
  });
  return outcomeOf(exit, exit.json, exit.tail);
}
