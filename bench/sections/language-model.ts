/**
 * Issue 18, item 3: the Moby-Dick character transformer trained by real Chromium tabs over WebRTC (wasm), 1 tab
 * and 3 tabs side by side in one run, each for the same wall time: held-out bits per character over time
 * (results/bench-language-model.svg), the time the root tab needs to reach the README's level, and the
 * context-free baselines measured on the same held-out characters.
 *
 * Each run is a `pnpm demo --dataset moby-dick --json` child process (the launcher e2e and the demo share).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { datasetEntry } from '../../apps/browser-node/src/training/data/datasets';
import { loadDatasetFromDisk } from '../../apps/browser-node/src/training/data/node-asset';
import { TEXT_HELD_OUT_WINDOWS } from '../../apps/browser-node/src/training/text-task';
import { defaultDemoOptions } from '../../apps/demo/src/options';
import type { DemoResult } from '../../apps/demo/src/result';
import { runDemoProcess } from '../../apps/demo/src/spawn-demo';
import type { BenchResult, BenchSection, Cell } from '../section';
import { contextFreeBaselines } from '../src/language-model/baselines';
import { bitsPlotSvg, finalBits, rootTimeToBits } from '../src/language-model/bits-curve';

/** Wall time each run trains: the README's "within 5 minutes". */
const TRAIN_S = 300;
const OVERHEAD_MS = 240_000;
/** The README's level for 3 tabs. */
const GOAL_BITS = 4.0;
const RUNS = [
  { key: 'one', label: '1 tab', tabs: 1 },
  { key: 'three', label: '3 tabs (R-FAST)', tabs: 3 },
] as const;
const resultsDir = join(import.meta.dirname, '..', '..', 'results');

const cell = (value: number | null, digits = 2): Cell => (value === null ? '—' : Number(value.toFixed(digits)));
const timeCell = (seconds: number | null): Cell => (seconds === null ? `> ${TRAIN_S}` : Number(seconds.toFixed(0)));

function stepsPerSecond(result: DemoResult): number | null {
  const last = result.polls.at(-1);
  if (last === undefined || result.trainedS <= 0) return null;
  const steps = last.tabs.map((s) => s?.step ?? 0);
  return steps.reduce((a, b) => a + b, 0) / steps.length / result.trainedS;
}

export const section: BenchSection = {
  name: 'language-model',
  description: `Moby-Dick character transformer: held-out bits per character of 1 vs 3 real tabs over ${TRAIN_S} s`,
  async run(log) {
    const baselines = contextFreeBaselines(loadDatasetFromDisk('moby-dick'), TEXT_HELD_OUT_WINDOWS);
    log(`baselines on the evaluated held-out characters: unigram ${baselines.unigram.toFixed(2)}, bigram ${baselines.bigram.toFixed(2)} bits per character`);
    const results = new Map<string, DemoResult>();
    const rows: Cell[][] = [];
    for (const run of RUNS) {
      log(`run: ${run.label}`);
      const load = Number((loadavg()[0] ?? Number.NaN).toFixed(1));
      const options = { ...defaultDemoOptions(), tabs: run.tabs, dataset: 'moby-dick', model: 'transformer', duration: TRAIN_S, target: 1, stopAtTarget: false, room: `bench-text-${run.key}`, out: `results/tmp/language-model-${run.key}` };
      const outcome = await runDemoProcess(options, { timeoutMs: TRAIN_S * 1000 + OVERHEAD_MS, log: (line) => log(`  ${line}`) });
      if (!outcome.ok) {
        log(`${run.label}: ${outcome.reason}\n${outcome.detail}`);
        rows.push([run.label, 'failed', '—', '—', '—', '—', load]);
        continue;
      }
      const r = outcome.result;
      results.set(run.key, r);
      rows.push([run.label, timeCell(rootTimeToBits(r.polls, baselines.unigram)), timeCell(rootTimeToBits(r.polls, GOAL_BITS)), cell(finalBits(r.polls)), cell(stepsPerSecond(r), 2), Number(r.setupS.toFixed(1)), load]);
    }
    const plotted = RUNS.flatMap((run) => {
      const r = results.get(run.key);
      return r === undefined ? [] : [{ name: run.label, polls: r.polls }];
    });
    writeFileSync(
      join(resultsDir, 'bench-language-model.svg'),
      bitsPlotSvg(`Moby-Dick character transformer (251,680 parameters, wasm): held-out bits per character`, plotted, [
        { name: `unigram ${baselines.unigram.toFixed(2)}`, bits: baselines.unigram, until: TRAIN_S },
        { name: `bigram ${baselines.bigram.toFixed(2)}`, bits: baselines.bigram, until: TRAIN_S },
      ]),
    );
    const three = results.get('three');
    const threeFinal = three === undefined ? null : finalBits(three.polls);
    const one = results.get('one');
    const oneTime = one === undefined ? null : rootTimeToBits(one.polls, GOAL_BITS);
    const threeTime = three === undefined ? null : rootTimeToBits(three.polls, GOAL_BITS);
    return {
      title: `Language model: Moby-Dick characters, held-out bits per character, ${TRAIN_S} s of training`,
      columns: ['run', `root ≤ unigram ${baselines.unigram.toFixed(2)} (s)`, `root ≤ ${GOAL_BITS} (s)`, `mean at ${TRAIN_S} s`, 'steps/s per tab', 'setup (s)', 'load avg before'],
      rows,
      targets: [
        { name: `3 tabs: held-out bits per character after ${TRAIN_S} s (README)`, measured: threeFinal ?? Number.NaN, goal: `≤ ${GOAL_BITS}`, met: threeFinal !== null && threeFinal <= GOAL_BITS },
        {
          name: `3 tabs / 1 tab: time to ${GOAL_BITS} bits (context: no speedup target on this task)`,
          measured: threeTime !== null && oneTime !== null ? threeTime / oneTime : Number.NaN,
          goal: '(context)',
          met: true,
        },
      ],
      notes: [
        `Baselines on the ${TEXT_HELD_OUT_WINDOWS * 64} held-out characters a tab evaluates (add-one smoothed, from the training text): unigram ${baselines.unigram.toFixed(3)}, bigram ${baselines.bigram.toFixed(3)} bits per character.`,
        `Each run: pnpm demo --dataset moby-dick (model transformer, η ${datasetEntry('moby-dick')?.learningRate}, ${datasetEntry('moby-dick')?.batchSize} windows of 64 characters per step and tab), room paused until every tab is ready; time 0 is the resume. Tabs evaluate 128 held-out windows at most every ~10 s, so times are quantised to ~10 s.`,
        'All tabs share the 2 cores of this machine: 3 tabs step slower than 1 tab alone. Plot: results/bench-language-model.svg.',
      ],
    };
  },
};
