/**
 * The step part: a bare tfjs training step vs the runner's step. The `hub` page hosts the bare baseline's worker
 * and two measured nodes, each training the real MLP in its own real runner worker: `hub`, the common root
 * of the two trees with two real WebRTC links (to the nodes of the `left` and `right` pages), and `solo`, a
 * one-node room (R-FAST with no links), the control that separates the runner's own cost from the links'.
 * Bare, solo and linked phases take turns round after round (every other runner paused), so drift on this
 * shared machine hits all three alike. Rounds alternate two thread placements (packages/harness/src/cpu-affinity.ts):
 * `pinned`, the measured page's worker threads alone on core 0 and everything else on the others (the target:
 * the neighbours stand for other machines, and the page's own WebRTC threads get the core a machine with
 * two or more would give them), and `shared`, every thread on both cores (this machine as it is).
 */
import { buildTwoTrees, peerView } from '@canopy/algorithms';
import { defaultRoomSettings } from '@canopy/protocol';
import { runnerChannelKey, type NodeCounters } from '../../apps/browser-node/bench/api';
import { neighbourPaceMs } from '../../apps/browser-node/bench/pace';
import { afterWarmup, intervals, median } from '../../apps/browser-node/bench/stats';
import { placeThreads, type Placement } from '../../packages/harness/src/cpu-affinity';
import type { BenchTab } from './bench-tab';
import { pollUntil } from './poll';
import type { SignalRelay } from './relay';
import { breakdown, busiestRenderer, withCpu } from './cpu-breakdown';
import type { CpuBreakdown, RunnerMeasure, StepPart, StepRound } from './schemas';

export interface StepPhaseOptions {
  readonly backend: string;
  /** Rounds per placement. */
  readonly rounds: number;
  readonly bareWarmupSteps: number;
  readonly bareSteps: number;
  readonly runnerWarmupSteps: number;
  readonly runnerSteps: number;
}

/** Many short rounds rather than a few long ones: the target pairs the phases of each round (step-report.ts). */
export const STEP_PHASE_DEFAULTS: StepPhaseOptions = { backend: 'wasm', rounds: 8, bareWarmupSteps: 15, bareSteps: 100, runnerWarmupSteps: 20, runnerSteps: 100 };

type Tabs = { readonly hub: BenchTab; readonly left: BenchTab; readonly right: BenchTab };
/** A node on a page: the page and the node's id. */
type Placed = { readonly tab: BenchTab; readonly id: string };
type PhaseName = 'bare' | 'solo' | 'linked';
type BarePhase = { readonly backend: string; readonly stepMs: number[]; readonly cpu: CpuBreakdown | null; readonly leak: number };
const PHASES: readonly PhaseName[] = ['bare', 'solo', 'linked'];

const PREPARE_TIMEOUT_MS = 120_000;
const LINKS_TIMEOUT_MS = 60_000;
const SOLO = 'solo';

export async function measureSteps(tabs: Tabs, relay: SignalRelay, options: StepPhaseOptions, linkMegabytesPerSecond: number, log: (line: string) => void): Promise<StepPart> {
  const { hub, left, right } = tabs;
  const topology = buildTwoTrees([hub.name, left.name, right.name], { fanOut: 2 }); // peers[0] is the root
  for (const neighbour of [left, right]) relay.route(runnerChannelKey(hub.name, neighbour.name), hub, neighbour);
  const algorithm = defaultRoomSettings().algorithm;
  const bare = () =>
    hub.runBare({ backend: options.backend, batchSize: algorithm.batchSize, learningRate: algorithm.learningRate, seed: 1, warmupSteps: options.bareWarmupSteps, steps: options.bareSteps });

  log('measured nodes: preparing their runner workers (MNIST MLP)');
  const measured = { role: { kind: 'measured', backend: options.backend } } as const;
  let dimension = 0;
  for (const [id, nodeTopology] of [[hub.name, topology], [SOLO, buildTwoTrees([SOLO])]] as const) {
    // One at a time: each worker fetches the dataset and calibrates its backend.
    await hub.startNode({ topology: peerView(nodeTopology, id), ...measured });
    const prepared = await pollUntil(() => hub.probeNode(id), (p) => p.prepared || p.error !== null, `node ${id} to prepare`, PREPARE_TIMEOUT_MS);
    if (prepared.error !== null || prepared.dimension === null) throw new Error(`node ${id} failed to prepare: ${prepared.error ?? 'no model'}`);
    dimension = prepared.dimension;
  }

  // Only the bare worker computes during a bare phase: the busiest renderer is the measured page.
  let measuredPid: number | undefined;
  const barePhase = async (): Promise<BarePhase> => {
    const { value, cores } = await withCpu(bare);
    measuredPid ??= busiestRenderer(cores);
    return { backend: value.backend, stepMs: [...value.stepMs], cpu: breakdown(cores, measuredPid), leak: value.tensorsAfter - value.tensorsBefore };
  };
  const first = await barePhase();
  const paceMs = neighbourPaceMs({ stepMs: median(first.stepMs), dimension, linkMegabytesPerSecond });
  log(`bare median ${median(first.stepMs).toFixed(2)} ms on ${first.backend}; neighbours paced at ${paceMs.toFixed(1)} ms`);
  for (const neighbour of [left, right]) {
    await neighbour.startNode({ topology: peerView(topology, neighbour.name), role: { kind: 'neighbour', dimension, paceMs } });
  }
  for (const tab of [hub, left, right]) {
    await pollUntil(() => tab.probeNode(tab.name), (p) => (p.prepared && p.links > 0 && p.openLinks === p.links) || p.error !== null, `${tab.name}'s links to open`, LINKS_TIMEOUT_MS);
  }
  const runnerBackend = (await hub.probeNode(hub.name)).backend ?? 'unknown';
  const linkedNodes: Placed[] = [left, right, hub].map((tab) => ({ tab, id: tab.name }));

  const rounds: StepRound[] = [];
  let tensorLeak = first.leak;
  // Pinning needs Linux, taskset and 2 cores; without it every round is shared.
  const pinnable = measuredPid !== undefined && placeThreads('pinned', measuredPid).applied;
  if (!pinnable) log('cannot pin threads to cores here: every round shares both cores');
  const placements: Placement[] = pinnable ? ['pinned', 'shared'] : ['shared'];
  const place = (placement: Placement): void => void (measuredPid !== undefined && placeThreads(placement, measuredPid));
  // Round 1's shared bare phase is the run that set the pace (every thread was on both cores then).
  let reusable: BarePhase | undefined = placements[0] === 'shared' ? first : undefined;
  for (let round = 0; round < options.rounds * placements.length; round++) {
    const placement = placements[round % placements.length] as Placement;
    let bareRun: BarePhase | undefined;
    let solo: RunnerMeasure | undefined;
    let linked: RunnerMeasure | undefined;
    // Rotating the order keeps any drift from favouring one phase.
    for (const phase of PHASES.map((_, i) => PHASES[(i + round) % PHASES.length] as PhaseName)) {
      place(placement);
      if (phase === 'bare') {
        bareRun = reusable ?? (await barePhase());
        reusable = undefined;
        tensorLeak = Math.max(tensorLeak, bareRun.leak);
      } else if (phase === 'solo') {
        solo = await runnerPhase([{ tab: hub, id: SOLO }], { tab: hub, id: SOLO }, options, measuredPid);
      } else {
        linked = await runnerPhase(linkedNodes, { tab: hub, id: hub.name }, options, measuredPid);
      }
    }
    if (bareRun === undefined || solo === undefined || linked === undefined) throw new Error('a phase did not run');
    log(`round ${round + 1} (${placement}): medians bare ${median(bareRun.stepMs).toFixed(2)} ms, solo runner ${median(solo.stepMs).toFixed(2)} ms, linked runner ${median(linked.stepMs).toFixed(2)} ms`);
    rounds.push({ placement, bareStepMs: bareRun.stepMs, bareCpu: bareRun.cpu, solo, linked });
  }
  place('shared');
  for (const tab of [left, right, hub]) await tab.stopNode(tab.name);
  await hub.stopNode(SOLO);
  return { bareBackend: first.backend, runnerBackend, dimension, paceMs, tensorLeak, rounds };
}

/** Resumes `nodes`, lets `measured` take warm-up + measured steps, pauses them all, and reads its log. */
async function runnerPhase(nodes: readonly Placed[], measured: Placed, options: StepPhaseOptions, measuredPid: number | undefined): Promise<RunnerMeasure> {
  const { tab, id } = measured;
  const before = (await tab.takeSteps(id)).counters; // also empties the step log
  const startSteps = (await tab.probeNode(id)).steps;
  const started = performance.now();
  const wanted = startSteps + options.runnerWarmupSteps + options.runnerSteps + 1;
  const { value: end, cores } = await withCpu(async () => {
    for (const node of nodes) await node.tab.setPaused(node.id, false);
    const last = await pollUntil(() => tab.probeNode(id), (p) => p.steps >= wanted || p.error !== null, `${wanted - startSteps} steps of ${id}`, 180_000);
    for (const node of nodes) await node.tab.setPaused(node.id, true);
    return last;
  });
  if (end.error !== null) throw new Error(`runner ${id} failed: ${end.error}`);
  const phaseMs = performance.now() - started;
  const steps = await tab.takeSteps(id);
  const stepMs = afterWarmup(intervals(steps.starts), options.runnerWarmupSteps);
  const aligned = (values: readonly number[]): number[] => values.slice(options.runnerWarmupSteps, options.runnerWarmupSteps + stepMs.length);
  return { stepMs, requestMs: aligned(steps.computeMs), counters: difference(steps.counters, before), phaseMs, cpu: breakdown(cores, measuredPid) };
}

function difference(after: NodeCounters, before: NodeCounters): NodeCounters {
  return {
    bytesSent: after.bytesSent - before.bytesSent,
    bytesReceived: after.bytesReceived - before.bytesReceived,
    messagesSent: after.messagesSent - before.messagesSent,
    messagesReceived: after.messagesReceived - before.messagesReceived,
    superseded: after.superseded - before.superseded,
    malformedFrames: after.malformedFrames - before.malformedFrames,
    staleMessages: after.staleMessages - before.staleMessages,
  };
}
