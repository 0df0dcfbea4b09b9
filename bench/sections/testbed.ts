/**
 * Issue 15, wall clock on the emulated device testbed (packages/harness/src/device-testbed.ts): each tab a "laptop on
 * Wi-Fi" of its own (0.2 core in its own cgroup, 50 Mbit/s, 20 ms RTT), the room at its defaults on the
 * harder task (MNIST MLP, batch 8, to 95%): 1, 4 and 8 devices, then 8 devices with one 4× slower, R-FAST
 * against AllReduce. Each run is a `pnpm demo --devices N --json` child (it enters its own namespace).
 */
import { loadavg } from 'node:os';
import { trainingTask } from '@canopy/protocol';
import { defaultDemoOptions, type DemoOptions } from '../../apps/demo/src/options';
import { runDemoProcess, type DemoOutcome } from '../../apps/demo/src/spawn-demo';
import { LAPTOP_ON_WIFI, testbedProblem } from '../../packages/harness/src/device-testbed';
import type { BenchResult, BenchSection, Cell, Target } from '../section';
import { ratio, reachedOf, timeCell, type Reached } from './cluster';

const TASK = trainingTask('mnist-mlp-b8');
const LIMIT_S = 240;
const OVERHEAD_MS = 240_000;
const STRAGGLER = 4;

interface RunSpec {
  readonly key: string;
  readonly label: string;
  readonly options: Partial<DemoOptions>;
}

const RUNS: readonly RunSpec[] = [
  { key: 'd1', label: '1 device', options: { tabs: 1 } },
  { key: 'd4', label: '4 devices R-FAST', options: { tabs: 4 } },
  { key: 'd8', label: '8 devices R-FAST', options: { tabs: 8 } },
  { key: 'd8-slow', label: `8 devices R-FAST, one ${STRAGGLER}× slower`, options: { tabs: 8, straggler: STRAGGLER } },
  { key: 'd8-slow-allreduce', label: `8 devices AllReduce, one ${STRAGGLER}× slower`, options: { tabs: 8, straggler: STRAGGLER, algo: 'allreduce' } },
];

export const section: BenchSection = {
  name: 'testbed',
  description: `wall-clock time to ${(TASK?.target ?? 0) * 100}% on emulated devices (${LAPTOP_ON_WIFI.name}: ${LAPTOP_ON_WIFI.cores} core, ${LAPTOP_ON_WIFI.mbit} Mbit/s, ${LAPTOP_ON_WIFI.rttMs} ms RTT); limit ${LIMIT_S} s per run`,
  async run(log) {
    const problem = testbedProblem();
    if (problem !== undefined) throw new Error(problem);
    if (TASK === undefined) throw new Error('task mnist-mlp-b8 is missing');
    const outcomes = new Map<string, DemoOutcome>();
    const rows: Cell[][] = [];
    for (const spec of RUNS) {
      log(`run: ${spec.label}`);
      const load = Number((loadavg()[0] ?? Number.NaN).toFixed(1));
      const options: DemoOptions = {
        ...defaultDemoOptions(),
        ...spec.options,
        devices: LAPTOP_ON_WIFI,
        batch: TASK.batchSize,
        dataset: TASK.dataset,
        model: TASK.model,
        duration: LIMIT_S,
        target: TASK.target,
        stopAtTarget: true,
        room: `testbed-${spec.key}`,
        out: `results/tmp/testbed-${spec.key}`,
      };
      const outcome = await runDemoProcess(options, { timeoutMs: LIMIT_S * 1000 + OVERHEAD_MS, log: (line) => log(`  ${line}`) });
      if (!outcome.ok) log(`${spec.label}: ${outcome.reason}\n${outcome.detail}`);
      outcomes.set(spec.key, outcome);
      const steps = outcome.ok ? outcome.result.polls.at(-1)?.tabs.map((s) => s?.step ?? 0) ?? [] : [];
      const perSecond = outcome.ok && outcome.result.trainedS > 0 ? steps.reduce((a, b) => a + b, 0) / Math.max(1, steps.length) / outcome.result.trainedS : Number.NaN;
      rows.push([spec.label, timeCell(reachedOf(outcome)), Number(perSecond.toFixed(1)), outcome.ok ? Number(outcome.result.setupS.toFixed(1)) : '—', load]);
      if (!outcome.ok && outcome.reason === 'no-chromium') break;
    }
    const reached = (key: string): Reached => {
      const outcome = outcomes.get(key);
      return outcome === undefined ? { kind: 'failed' } : reachedOf(outcome);
    };
    const speedup = (key: string) => ratio(reached('d1'), reached(key));
    const goal = (name: string, r: ReturnType<typeof ratio>, text: string, ok: (v: number) => boolean, okBounds: readonly string[]): Target => ({
      name: `${name} (${r.text})`,
      measured: r.value,
      goal: text,
      met: okBounds.includes(r.bound) && ok(r.value),
    });
    const straggling = ratio(reached('d8-slow'), reached('d8-slow-allreduce'));
    return {
      title: `Emulated devices: wall-clock time to ${TASK.target * 100}% held-out, ${TASK.label} (s)`,
      columns: ['run', 'root tab (s)', 'steps/s per tab', 'setup (s)', 'load avg before'],
      rows,
      targets: [
        goal('4 devices: speedup over 1 device', speedup('d4'), '≥ 2', (v) => v >= 2, ['exact', 'lower']),
        goal('8 devices: speedup over 1 device', speedup('d8'), '≥ 3', (v) => v >= 3, ['exact', 'lower']),
        goal(`one of 8 devices ${STRAGGLER}× slower: R-FAST / AllReduce time`, straggling, '≤ 0.6', (v) => v <= 0.6, ['exact', 'upper']),
      ],
      notes: [
        `Each device: its own Chromium in its own cgroup (cpu.cfs_quota_us = ${LAPTOP_ON_WIFI.cores * 100} ms per 100 ms) and network namespace on a bridge, tbf ${LAPTOP_ON_WIFI.mbit} Mbit/s each way; the ${LAPTOP_ON_WIFI.rttMs} ms RTT is the room's injected delay (no netem in this kernel). Room defaults (R-FAST, η ${defaultDemoOptions().lr ?? 'room default'}), batch ${TASK.batchSize}; stops when the root reaches the target or after ${LIMIT_S} s ("> ${LIMIT_S}").`,
        'Speedup = time of 1 device / time of N devices; a run that did not reach the target only bounds it.',
      ],
    };
  },
};
