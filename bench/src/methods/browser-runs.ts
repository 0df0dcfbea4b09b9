/**
 * The browser half: every compared method for a fixed time in 4 Chromium tabs, each run a `pnpm demo --json`
 * child process (apps/demo/src/spawn-demo.ts, as the cluster section does), which enters its own network namespace.
 */
import { loadavg } from 'node:os';
import { defaultDemoOptions, type DemoOptions } from '../../../apps/demo/src/options';
import { runDemoProcess, type DemoOutcome } from '../../../apps/demo/src/spawn-demo';
import { comparedMethods, type ComparedMethod } from './compared-methods';

export const BROWSER_SETTINGS = {
  tabs: 4,
  durationS: 60,
  /** Only for the "time to" column: the runs do not stop there. */
  target: 0.9,
  /** Setup (build check, server, tabs, WebRTC) and teardown on top of the training time. */
  overheadMs: 240_000,
} as const;

export interface BrowserRun {
  readonly method: string;
  readonly outcome: DemoOutcome;
  /** 1-minute load average when the run started: other work on the machine slows tabs unevenly. */
  readonly loadBefore: number;
}

/** A room name and output folder for a method key ("rfast+q8" → "rfast-q8"). */
export const slug = (key: string): string => key.replace(/[^a-zA-Z0-9_-]/g, '-');

export function demoOptionsFor(method: ComparedMethod): Omit<DemoOptions, 'json' | 'progress'> {
  return {
    ...defaultDemoOptions(),
    tabs: BROWSER_SETTINGS.tabs,
    algo: method.algorithm,
    params: {},
    compression: method.compression?.name ?? 'none',
    duration: BROWSER_SETTINGS.durationS,
    target: BROWSER_SETTINGS.target,
    stopAtTarget: false,
    room: `bench-methods-${slug(method.key)}`,
    out: `results/tmp/methods-${slug(method.key)}`,
  };
}

export async function runMethodsInBrowser(log: (line: string) => void): Promise<BrowserRun[]> {
  const runs: BrowserRun[] = [];
  for (const method of comparedMethods()) {
    log(`browser: ${method.key}, ${BROWSER_SETTINGS.tabs} tabs for ${BROWSER_SETTINGS.durationS} s`);
    const loadBefore = Number((loadavg()[0] ?? Number.NaN).toFixed(1));
    const timeoutMs = BROWSER_SETTINGS.durationS * 1000 + BROWSER_SETTINGS.overheadMs;
    const outcome = await runDemoProcess(demoOptionsFor(method), { timeoutMs, log: (line) => log(`  ${line}`) });
    if (!outcome.ok) log(`${method.key}: ${outcome.reason}\n${outcome.detail}`);
    runs.push({ method: method.key, outcome, loadBefore });
    // Without a browser no run can work: say so once instead of failing nine more times.
    if (!outcome.ok && outcome.reason === 'no-chromium') break;
  }
  return runs;
}
