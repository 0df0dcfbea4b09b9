/**
 * Issue 4, in ONE Chromium run: (1) a bare tfjs training step of the MNIST MLP vs the runner's step with
 * R-FAST and two real WebRTC links (a one-node runner as a control, and where the CPU went), and (2) a 4 MB
 * vector over one real RTCDataChannel through the project's framing, chunking, LinkSender and Reassembler
 * vs raw 256 KiB sends.
 *
 * The browser half is bench/pages/main.ts, a child process that enters a private network namespace by
 * itself and drives the page apps/browser-node/bench/ of the built app. This file builds the app when
 * needed, runs it, and turns its raw timings into tables (bench/src/browser/).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runBrowserBench } from '../pages/spawn';
import { repoRoot } from '../../packages/harness/src/server';
import { APP_DIR, APP_SOURCES, DIST_DIR, buildApp, buildNeed, newestMtime } from '../../packages/harness/src/app-build';
import { cpuResult } from '../src/browser/cpu-report';
import { LINK_GOAL, LINK_TARGET, linkResult } from '../src/browser/link-report';
import { STEP_GOAL, STEP_TARGET, stepResult } from '../src/browser/step-report';
import type { BenchResult, BenchSection } from '../section';

/** Build, browser start, worker preparation and both parts take one to two minutes here; this is the hard stop. */
const TIMEOUT_MS = 300_000;

const BENCH_PAGE = `${DIST_DIR}/bench/index.html`;
const BENCH_SOURCES = [...APP_SOURCES, `${APP_DIR}/bench`];

async function ensureBuilt(log: (line: string) => void): Promise<void> {
  const builtAt = newestMtime(join(repoRoot, BENCH_PAGE));
  const sourcesAt = Math.max(...BENCH_SOURCES.map((p) => newestMtime(join(repoRoot, p))));
  const need = buildNeed(builtAt, sourcesAt);
  if (!need.build) return;
  log(`building the app with its benchmark page (${need.why})`);
  await buildApp(repoRoot, (line) => log(`  ${line}`));
}

function notMeasured(title: string, target: string, goal: string, why: string): BenchResult {
  return { title, columns: ['measurement', 'value'], rows: [[target, 'not measured']], targets: [{ name: target, measured: Number.NaN, goal, met: false }], notes: [`Not measured: ${why}`] };
}

const lastLines = (text: string): string => text.split('\n').slice(-6).join(' | ');

export const section: BenchSection = {
  name: 'browser',
  description: 'one Chromium run: bare tfjs MLP step vs the runner step (R-FAST, 2 WebRTC links); 4 MB framed vs raw over a data channel',
  async run(log) {
    const loadBefore = loadavg()[0] ?? Number.NaN;
    await ensureBuilt(log);
    const outcome = await runBrowserBench({ timeoutMs: TIMEOUT_MS, log });
    const stepTitle = 'Browser: MNIST MLP training step, bare tfjs vs the runner (R-FAST)';
    const linkTitle = 'Browser: a 4 MB vector over one RTCDataChannel, framed vs raw';
    if (!outcome.ok) {
      const why = `${outcome.reason}. ${lastLines(outcome.detail)}`;
      return [notMeasured(stepTitle, STEP_TARGET, `≤ ${STEP_GOAL}`, why), notMeasured(linkTitle, LINK_TARGET, `≥ ${LINK_GOAL}`, why)];
    }
    const { result } = outcome;
    const context = [
      `Chromium ${result.chromium}, ${result.network}; 1-minute load average ${loadBefore.toFixed(1)} before and ${(loadavg()[0] ?? Number.NaN).toFixed(1)} after the run (2 cores, shared with other work).`,
      ...(result.problems.length > 0 ? [`Problems counted: ${result.problems.slice(0, 5).join('; ')}`] : []),
    ].join(' ');
    const results: BenchResult[] = [];
    if (result.steps === null) results.push(notMeasured(stepTitle, STEP_TARGET, `≤ ${STEP_GOAL}`, result.stepError ?? 'unknown error'));
    else {
      for (const placement of ['pinned', 'shared'] as const) {
        const step = stepResult(result.steps, placement);
        if (step !== null) results.push({ ...step, notes: [...(step.notes ?? []), context] });
      }
      const cpu = cpuResult(result.steps);
      if (cpu !== null) results.push(cpu);
    }
    results.push(result.links === null ? notMeasured(linkTitle, LINK_TARGET, `≥ ${LINK_GOAL}`, result.linkError ?? 'unknown error') : linkResult(result.links));
    return results;
  },
};
