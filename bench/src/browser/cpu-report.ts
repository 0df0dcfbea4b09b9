/** Where the cores went during each kind of phase of the step part (from /proc, see packages/harness/src/process-cpu.ts). */
import { summarize } from '../../../apps/browser-node/bench/stats';
import type { CpuBreakdown, StepPart } from '../../pages/schemas';
import type { BenchResult, Cell } from '../../section';
import { ms } from './format';

/** Mean cores per process group over phases of one kind (phases without a sample are skipped). */
export function meanCpu(samples: readonly (CpuBreakdown | null)[]): CpuBreakdown | null {
  const known = samples.filter((c): c is CpuBreakdown => c !== null);
  if (known.length === 0) return null;
  const mean = (pick: (c: CpuBreakdown) => number): number => known.reduce((sum, c) => sum + pick(c), 0) / known.length;
  return { measuredPage: mean((c) => c.measuredPage), otherPages: mean((c) => c.otherPages), network: mean((c) => c.network), rest: mean((c) => c.rest) };
}

function row(name: string, cpu: CpuBreakdown | null, meanStepMs: number): Cell[] {
  if (cpu === null) return [name, '—', '—', '—', '—', '—', '—'];
  const c = (x: number): number => Number(x.toFixed(2));
  const total = cpu.measuredPage + cpu.otherPages + cpu.network + cpu.rest;
  return [name, c(cpu.measuredPage), c(cpu.otherPages), c(cpu.network), c(cpu.rest), c(total), ms(cpu.measuredPage * meanStepMs)];
}

type Round = StepPart['rounds'][number];

/** Bare, one-node and linked phases of one placement's rounds (none if the run had no such round). */
function placementPhases(rounds: readonly Round[], placement: Round['placement']): [string, CpuBreakdown | null, number][] {
  const mine = rounds.filter((r) => r.placement === placement);
  if (mine.length === 0) return [];
  const meanStep = (pick: (r: Round) => readonly number[]): number => summarize(mine.flatMap((r) => [...pick(r)])).mean;
  return [
    [`bare phases, ${placement}`, meanCpu(mine.map((r) => r.bareCpu)), meanStep((r) => r.bareStepMs)],
    [`one-node runner phases, ${placement}`, meanCpu(mine.map((r) => r.solo.cpu)), meanStep((r) => r.solo.stepMs)],
    [`linked runner phases, ${placement}`, meanCpu(mine.map((r) => r.linked.cpu)), meanStep((r) => r.linked.stepMs)],
  ];
}

export function cpuResult(part: StepPart): BenchResult | null {
  const phases = [...placementPhases(part.rounds, 'pinned'), ...placementPhases(part.rounds, 'shared')];
  if (phases.every(([, cpu]) => cpu === null)) return null;
  return {
    title: 'Browser: where the cores went in each kind of phase (CPU seconds per second; the machine has 2)',
    columns: ['phase', 'measured page (+ its workers)', 'neighbour pages', 'network service', 'rest', 'total', 'measured page CPU ms per step'],
    rows: phases.map(([name, cpu, meanStepMs]) => row(name, cpu, meanStepMs)),
    targets: [],
    notes: [
      "From /proc: user + system time of this run's processes (Chromium's renderers, network service, GPU and browser processes; the static server) over each phase, averaged over the rounds of each thread placement (pinned: the measured page's workers alone on core 0, every other thread on the other cores; shared: every thread on both cores); CPU per step = the measured page's cores × the mean step time. The measured page is the renderer busiest during a bare phase. Other tenants of this machine are not counted, but compete for the same cores.",
    ],
  };
}
