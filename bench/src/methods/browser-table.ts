/** The browser table: one row per method, accuracy reached and bytes sent per tab in a fixed time. Pure. */
import { formatBytes, formatPercent } from '../../../apps/demo/src/format';
import { describeParams } from '../../../packages/algorithms/src/sim/cli/param-setting';
import { rootTimeToTarget, summarizeTabs } from '../../../apps/demo/src/measures';
import type { DemoResult } from '../../../apps/demo/src/result';
import type { DemoOutcome } from '../../../apps/demo/src/spawn-demo';
import type { BenchResult, Cell } from '../../section';
import { BROWSER_SETTINGS, type BrowserRun } from './browser-runs';

export const BROWSER_COLUMNS = [
  'method',
  'root acc.',
  'mean acc.',
  'sent per tab (mean)',
  'sent per tab (max)',
  'steps/s per tab',
  `root to ${BROWSER_SETTINGS.target * 100}%`,
  'backends',
  'load avg before',
  'remarks',
] as const;

export interface BrowserFigures {
  readonly rootAccuracy: number | null;
  readonly meanAccuracy: number | null;
  readonly meanSent: number;
  readonly maxSent: number;
  readonly stepsPerSecond: number | null;
  readonly rootToTarget: number | null;
}

/** Each tab's last measured held-out accuracy and its byte counter at the end of the run. */
export function browserFigures(result: DemoResult): BrowserFigures {
  const tabs = summarizeTabs(result);
  const accuracies = tabs.flatMap((t) => (t.accuracy === null ? [] : [t.accuracy]));
  const sent = tabs.map((t) => t.bytesSent);
  const rates = tabs.flatMap((t) => (t.stepsPerSecond === null ? [] : [t.stepsPerSecond]));
  const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    rootAccuracy: tabs.find((t) => t.role === 'root')?.accuracy ?? null,
    meanAccuracy: mean(accuracies),
    meanSent: mean(sent) ?? 0,
    maxSent: Math.max(0, ...sent),
    stepsPerSecond: mean(rates),
    rootToTarget: rootTimeToTarget(result.polls, BROWSER_SETTINGS.target),
  };
}

/** The most telling line of a failed run's output (an error, else the first line), kept short. */
export function failureCause(outcome: Extract<DemoOutcome, { ok: false }>): string {
  const lines = outcome.detail.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const telling = lines.find((l) => /error|failed|not ready|cannot/i.test(l) && !/^exit \d+$/.test(l)) ?? lines[0] ?? '';
  const text = `${outcome.reason}${telling === '' ? '' : `: ${telling}`}`;
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function remarks(run: BrowserRun, figures: BrowserFigures, plainSent: number | undefined): string {
  if (!run.outcome.ok) return failureCause(run.outcome);
  const parts: string[] = [];
  // The room may give a method defaults of its own (e.g. a small SYNTHESIS Δ): say what it ran with.
  const { params } = run.outcome.result.settings;
  if (Object.keys(params).length > 0) parts.push(`ran with ${describeParams(params)}`);
  if (run.method === 'rfast+q8' && plainSent !== undefined && figures.meanSent > 0) {
    parts.push(`${(plainSent / figures.meanSent).toFixed(2)}× fewer bytes per tab than rfast`);
  }
  const { warnings, badStatusReads } = run.outcome.result;
  if (warnings.length > 0) parts.push(`${warnings.length} warning${warnings.length > 1 ? 's' : ''}: ${warnings[0]}`);
  if (badStatusReads > 0) parts.push(`${badStatusReads} unreadable status polls`);
  return parts.join('; ');
}

export function browserRow(run: BrowserRun, plainSent?: number): Cell[] {
  if (!run.outcome.ok) return [run.method, 'failed', '—', '—', '—', '—', '—', '—', run.loadBefore, remarks(run, emptyFigures, plainSent)];
  const result = run.outcome.result;
  const f = browserFigures(result);
  return [
    run.method,
    formatPercent(f.rootAccuracy),
    formatPercent(f.meanAccuracy),
    formatBytes(f.meanSent),
    formatBytes(f.maxSent),
    f.stepsPerSecond === null ? '—' : Number(f.stepsPerSecond.toFixed(1)),
    f.rootToTarget === null ? `> ${Math.round(result.trainedS)} s` : `${f.rootToTarget.toFixed(1)} s`,
    result.tabs.map((t) => t.backend ?? '?').join(','),
    run.loadBefore,
    remarks(run, f, plainSent),
  ];
}

const emptyFigures: BrowserFigures = { rootAccuracy: null, meanAccuracy: null, meanSent: 0, maxSent: 0, stepsPerSecond: null, rootToTarget: null };

export function browserTable(runs: readonly BrowserRun[]): BenchResult {
  const plain = runs.find((r) => r.method === 'rfast')?.outcome;
  const plainSent = plain?.ok === true ? browserFigures(plain.result).meanSent : undefined;
  return {
    title: `All methods in the browser: ${BROWSER_SETTINGS.tabs} Chromium tabs for ${BROWSER_SETTINGS.durationS} s each (MNIST MLP, held-out accuracy and bytes sent)`,
    columns: BROWSER_COLUMNS,
    rows: runs.map((r) => browserRow(r, plainSent)),
    targets: [],
    notes: [
      `Each method: a fresh \`pnpm demo --tabs ${BROWSER_SETTINGS.tabs} --duration ${BROWSER_SETTINGS.durationS}\` (signaling server, tabs in separate browser contexts over real WebRTC, room paused until every tab is ready; time 0 is the resume). Room defaults: η, batch, IID shards, no injected loss, no straggler, each method's default hyper-parameters (the room's own defaults where it has any, named in the remarks); rfast+q8 sets the room's compression to q8.`,
      'Accuracy: each tab\'s last held-out evaluation (every ~3 s on the 2,000 held-out digits); "root" is the tab that was root at the end, "mean" averages the tabs. Sent: each tab\'s data-channel bytes at the end, mean and largest over the tabs.',
      'The tabs share the 2 cores of this machine (and whatever else runs on it: see the load average), so steps/s differ between runs; accuracy after a fixed wall time rewards methods that step without waiting.',
    ],
  };
}
