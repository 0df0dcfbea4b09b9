/** The step part's table: bare tfjs step vs the one-node runner vs the runner with two WebRTC links. */
import type { NodeCounters } from '../../../apps/browser-node/bench/api';
import { median, ratio, summarize, type Summary } from '../../../apps/browser-node/bench/stats';
import type { Placement } from '../../../packages/harness/src/cpu-affinity';
import type { RunnerMeasure, StepPart, StepRound } from '../../pages/schemas';
import type { BenchResult } from '../../section';
import { meanCpu } from './cpu-report';
import { r3, summaryRow } from './format';

export const STEP_GOAL = 1.1;
export const STEP_TARGET = 'runner step with 2 links / bare step (median of the per-round ratios of medians)';

/** Per round, the ratio of the medians of two phases that ran back to back (drift on the machine cancels). */
export function perRoundRatios(rounds: readonly StepRound[], pick: (round: StepRound) => readonly number[]): number[] {
  return rounds.map((r) => ratio(median(pick(r)), median(r.bareStepMs)));
}

/** Per step: the runner's loop time minus its gradient request (steps and requests are aligned). */
export function outsideGradient(measure: RunnerMeasure): number[] {
  return measure.stepMs.flatMap((step, i) => {
    const request = measure.requestMs[i];
    return request === undefined ? [] : [step - request];
  });
}

interface Pooled {
  readonly bare: Summary;
  readonly solo: Summary;
  readonly linked: Summary;
  readonly gradient: Summary;
  readonly rest: Summary;
}

/** The placement the target is read from: pinned when the run could pin threads, else shared. */
export function targetPlacement(part: StepPart): Placement {
  return part.rounds.some((r) => r.placement === 'pinned') ? 'pinned' : 'shared';
}

const PLACEMENT_TITLES: Readonly<Record<Placement, string>> = {
  pinned: "training thread on a core of its own (the measured page's workers on core 0, every other thread of the run on the other cores)",
  shared: 'every thread on both cores',
};

const PINNED_TARGET_NOTE =
  "Why the target reads the pinned rounds: it is about the runner's cost to the training thread. In a real cluster the two neighbours are other machines and the page's own WebRTC threads run on the cores the training thread leaves free; on this 2-core machine, with all three tabs on it, they would otherwise compete with it. The table with every thread on both cores follows, measured in the same run.";

/** Why the linked step costs more than the bare one, in the measured figures. */
function overheadNote(p: Pooled, rounds: readonly StepRound[], missed: boolean): string {
  const f = (x: number): string => x.toFixed(1);
  const linkedCpu = meanCpu(rounds.map((r) => r.linked.cpu));
  const bareCpu = meanCpu(rounds.map((r) => r.bareCpu));
  const cpu =
    linkedCpu === null || bareCpu === null
      ? ''
      : ` During linked phases this run's processes used ${f(linkedCpu.measuredPage)} cores in the measured page, ${f(linkedCpu.otherPages)} in the neighbour pages and ${f(linkedCpu.network)} in the network service (of 2, shared with other tenants); the measured page spent ≈${f(linkedCpu.measuredPage * p.linked.mean)} ms of CPU per step against ≈${f(bareCpu.measuredPage * p.bare.mean)} ms in a bare step.`;
  return [
    `${missed ? 'Target missed: a' : 'A'} linked runner step takes ${f(p.linked.median - p.bare.median)} ms more than a bare step (pooled medians).`,
    `The runner alone (one-node room) takes ${r3(ratio(p.solo.median, p.bare.median))}× the bare step: its loop, R-FAST and tfjs share one worker, so a step is gradient + update with no thread hop, and R-FAST's vector updates run in WebAssembly SIMD kernels like the bare loop's SGD update; what remains is the loop's own bookkeeping (${f(p.rest.median)} ms per linked step outside the gradient request, median, including the messages from the page it takes in).`,
    `With two links the gradient itself takes ${f(p.gradient.median)} ms (the bare step, gradient and update, ${f(p.bare.median)}).${cpu}`,
    "That extra CPU is the links' and runs on other threads than the training worker: Chromium runs WebRTC's SCTP/DTLS in the page's process, and the page sends the 400 KB models its links carry (only those: the worker forwards a message only when its link would send it at once, and latest-wins kinds go out at most once per pacing interval per link) and reassembles and checks the incoming 800 KB running sums (R-FAST's wire compression, a room setting, cuts both about 4×). On these 2 cores, shared with the two neighbour pages (which would be other machines in a real cluster), it takes time from training; the pinned rounds give the training thread a core of its own.",
  ].join(' ');
}

/** The step table of one placement; only the target placement's carries the target. */
export function stepResult(part: StepPart, placement: Placement = targetPlacement(part)): BenchResult | null {
  const rounds = part.rounds.filter((r) => r.placement === placement);
  if (rounds.length === 0) return null;
  const isTarget = placement === targetPlacement(part);
  const pooled = (pick: (round: StepRound) => readonly number[]): Summary => summarize(rounds.flatMap((r) => [...pick(r)]));
  const p: Pooled = {
    bare: pooled((r) => r.bareStepMs),
    solo: pooled((r) => r.solo.stepMs),
    linked: pooled((r) => r.linked.stepMs),
    gradient: pooled((r) => r.linked.requestMs),
    rest: pooled((r) => outsideGradient(r.linked)),
  };
  const linkedRatios = perRoundRatios(rounds, (r) => r.linked.stepMs);
  const soloRatios = perRoundRatios(rounds, (r) => r.solo.stepMs);
  const headline = median(linkedRatios);
  const perRound = linkedRatios.map((linked, i) => `${linked.toFixed(2)} (one-node ${(soloRatios[i] as number).toFixed(2)})`);
  const spread = (values: readonly number[]): string => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
  const phaseS = rounds.reduce((sum, r) => sum + r.linked.phaseMs, 0) / 1000;
  const total = (pick: (c: NodeCounters) => number): number => rounds.reduce((sum, r) => sum + pick(r.linked.counters), 0);
  return {
    title: `Browser: MNIST MLP training step, bare tfjs vs the runner (R-FAST); ${PLACEMENT_TITLES[placement]}${isTarget ? '' : ', for information'}`,
    columns: ['measurement', 'median ms', 'p10 ms', 'p90 ms', 'mean ms', 'steps'],
    rows: [
      summaryRow(`bare step (${part.bareBackend}, worker loop: minibatch + lossAndGradient + SGD update)`, p.bare),
      summaryRow('runner step, one-node room (R-FAST, no links): control', p.solo),
      summaryRow(`runner step, root of two trees with 2 WebRTC links (${part.runnerBackend})`, p.linked),
      summaryRow('  of which: gradient (tfjs, in the runner worker)', p.gradient),
      summaryRow('  of which: rest of the loop (R-FAST update, outbox, messages from the page, evaluations)', p.rest),
      ['ratio one-node runner / bare (pooled medians)', r3(ratio(p.solo.median, p.bare.median)), '', '', r3(ratio(p.solo.mean, p.bare.mean)), ''],
      ['ratio linked runner / bare (pooled medians)', r3(ratio(p.linked.median, p.bare.median)), '', '', r3(ratio(p.linked.mean, p.bare.mean)), ''],
      [`ratio one-node runner / bare, median of ${rounds.length} per-round ratios (range)`, r3(median(soloRatios)), spread(soloRatios), '', '', ''],
      [`ratio linked runner / bare, median of ${rounds.length} per-round ratios (range)${isTarget ? ': the target' : ''}`, r3(headline), spread(linkedRatios), '', '', ''],
    ],
    targets: isTarget ? [{ name: `${STEP_TARGET}, ${placement}`, measured: headline, goal: `≤ ${STEP_GOAL}`, met: headline <= STEP_GOAL }] : [],
    notes: [
      'Bare: a loop in a dedicated Web Worker of the benchmark page (Trainer.gradients on a fresh minibatch of 32 + an SGD update of the flat vector, in the same WebAssembly SIMD kernels as R-FAST\'s updates), no messages per step. Runner: the node page’s real training path: the Runner with R-FAST and tfjs in the runner worker (runner-worker.ts), the Mesh, FaultInjector (no faults) and SimplePeerChannel links (reliable, ordered) on the page; a runner step is the interval between consecutive gradient computations in the worker, i.e. the whole loop (plan, gradient, R-FAST update, outbox, the page’s messages, a held-out evaluation every 3 s, reports). Before the loop moved into the worker (results of fc4a922): one-node 1.20, linked 1.63.',
      `Three pages in separate contexts of one Chromium. The measured node is the common root of both trees: it sends its model (${part.dimension} f32) to 2 children and receives their running sums (f64). The neighbours run the real Runner, Mesh and links, but a cheap gradient paced at ${part.paceMs.toFixed(1)} ms per step: no faster than the bare step, nor than one link can carry one running sum (raw throughput of the link part), so they offer the measured node what its links can carry while taking as little CPU as a simulated peer can.`,
      `${rounds.length} rounds${rounds.length < part.rounds.length ? ` of this placement, alternating with ${part.rounds.length - rounds.length} of the other` : ''}; bare, one-node and linked phases back to back in rotating order (every other runner paused). The target is the median over rounds of each round's ratio of medians: phases of one round see the same load on this shared machine, while pooled medians also compare phases minutes apart. Per-round ratios linked/bare: ${perRound.join(', ')}. Warm-up steps dropped in every phase. tf tensors leaked by the bare loop: ${part.tensorLeak}.`,
      `Measured node during the linked phases: sent ${(total((c) => c.bytesSent) / 1e6 / phaseS).toFixed(1)} MB/s and received ${(total((c) => c.bytesReceived) / 1e6 / phaseS).toFixed(1)} MB/s; ${total((c) => c.messagesSent)} messages sent, ${total((c) => c.superseded)} superseded before sending (latest wins), ${total((c) => c.messagesReceived)} received, ${total((c) => c.malformedFrames)} malformed.`,
      ...(isTarget && placement === 'pinned' ? [PINNED_TARGET_NOTE] : []),
      ...(isTarget && headline <= STEP_GOAL ? [] : [overheadNote(p, rounds, isTarget)]),
    ],
  };
}
