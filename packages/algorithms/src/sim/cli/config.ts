/**
 * Parsed flags → one SimConfig per algorithm (same scenario, same seed), after checking the flag
 * combinations a single value parser cannot see (node indices against --nodes, events within --duration).
 */
import type { ProblemKind, SimConfig } from '../index';
import type { ExternalProblem } from './external-problems';
import { describeParams, resolveParams, type ParamsByAlgorithm } from './param-setting';
import type { ParsedFlags } from './program';
import { UsageError } from './usage-error';

type SimEvent = NonNullable<SimConfig['events']>[number];

/** `external` is the registered real-model problem when --problem names one. */
export function toSimConfigs(flags: ParsedFlags, external?: ExternalProblem): SimConfig[] {
  checkCombinations(flags);
  const params = paramsOf(flags);
  const stochastic = flags.stochastic || flags.batch !== undefined;
  const learningRate = flags.lr ?? external?.defaultLearningRate;
  const problem: SimConfig['problem'] =
    external !== undefined
      ? { kind: 'external', name: flags.problem }
      : {
          kind: flags.problem as ProblemKind,
          dimension: flags.dim,
          samplesPerNode: flags.samples,
          heterogeneity: flags.heterogeneity,
          stochastic,
          ...(flags.batch !== undefined ? { batchSize: flags.batch } : {}),
        };
  return flags.algo.map((algorithm) => ({
    algorithm,
    ...(params[algorithm] !== undefined ? { params: params[algorithm] } : {}),
    nodes: flags.nodes,
    topology: flags.topology,
    fanOut: flags.fanout,
    problem,
    ...(learningRate !== undefined ? { learningRate } : {}),
    // A real model is float32 on the wire, as in the browser (bytes and bandwidth then match a room's).
    ...(external !== undefined ? { precision: 'f32' as const } : {}),
    duration: flags.duration,
    compute: {
      base: flags.compute.mean,
      jitter: flags.compute.jitter,
      ...(flags.straggler.length > 0 ? { stragglers: flags.straggler.map((s) => ({ ...s })) } : {}),
    },
    delay: { mean: flags.delay.mean, jitter: flags.delay.jitter },
    ...(flags.pacing > 0 || flags.bandwidth !== undefined ? { links: { pacing: flags.pacing, ...(flags.bandwidth !== undefined ? { bandwidth: flags.bandwidth } : {}) } } : {}),
    loss: flags.burst ?? { kind: 'iid', p: flags.loss },
    ...(hasEvents(flags) ? { events: events(flags) } : {}),
    seed: flags.seed,
    ...(flags.sampleEvery !== undefined ? { sampleEvery: flags.sampleEvery } : {}),
    ...(flags.compression !== 'none' ? { compression: { name: flags.compression, keyframeEvery: flags.keyframeEvery } } : {}),
    ...(flags.byzantine !== undefined ? { byzantine: { mode: flags.byzantine.mode, nodes: [...flags.byzantine.nodes] } } : {}),
  }));
}

/** --param settings per selected algorithm (a setting no selected algorithm reads is a usage error). */
function paramsOf(flags: ParsedFlags): ParamsByAlgorithm {
  const resolved = resolveParams(flags.param, flags.algo);
  if (!resolved.ok) throw new UsageError('--param', resolved.problem);
  return resolved.value;
}

function hasEvents(flags: ParsedFlags): boolean {
  return flags.leave.length + flags.crash.length + flags.join.length > 0;
}

/** Events in time order; ties keep the order leave, crash, join so runs are reproducible. */
function events(flags: ParsedFlags): SimEvent[] {
  const all: SimEvent[] = [
    ...flags.leave.map((e): SimEvent => ({ at: e.at, kind: 'leave', node: e.node })),
    ...flags.crash.map((e): SimEvent => ({ at: e.at, kind: 'crash', node: e.node })),
    ...flags.join.map((at): SimEvent => ({ at, kind: 'join' })),
  ];
  return all.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map(({ e }) => e);
}

function checkCombinations(flags: ParsedFlags): void {
  for (const s of flags.straggler) {
    if (s.node >= flags.nodes) throw new UsageError('--straggler', `node ${s.node} does not exist (accepted: 0..${flags.nodes - 1})`);
  }
  for (const node of flags.byzantine?.nodes ?? []) {
    if (node >= flags.nodes) throw new UsageError('--byzantine', `node ${node} does not exist (accepted: 0..${flags.nodes - 1})`);
  }
  if (flags.byzantine !== undefined && new Set(flags.byzantine.nodes).size >= flags.nodes) throw new UsageError('--byzantine', 'keep at least one honest node');
  if (flags.byzantine !== undefined && flags.compression !== 'none') throw new UsageError('--byzantine', 'attackers send uncompressed vectors; drop --compression');
  // Joined nodes get the next indices, so a leave or crash may name one of them.
  const maxNode = flags.nodes + flags.join.length - 1;
  for (const [flag, list] of [['--leave', flags.leave], ['--crash', flags.crash]] as const) {
    for (const e of list) {
      if (e.node > maxNode) throw new UsageError(flag, `node ${e.node} does not exist (accepted: 0..${maxNode})`);
      if (e.at >= flags.duration) throw new UsageError(flag, `time ${e.at} is not before --duration ${flags.duration}`);
    }
  }
  for (const at of flags.join) {
    if (at >= flags.duration) throw new UsageError('--join', `time ${at} is not before --duration ${flags.duration}`);
  }
  const departures = new Set([...flags.leave, ...flags.crash].map((e) => e.node));
  if (departures.size >= flags.nodes + flags.join.length) throw new UsageError('--leave/--crash', 'every node would be gone; keep at least one');
  if (flags.batch !== undefined && flags.batch > flags.samples) {
    throw new UsageError('--batch', `batch ${flags.batch} exceeds --samples ${flags.samples} (accepted: 1..${flags.samples})`);
  }
  if (flags.burst !== undefined && flags.loss > 0) throw new UsageError('--burst', 'cannot be combined with --loss; choose one loss model');
  if (flags.sampleEvery !== undefined && flags.sampleEvery > flags.duration) {
    throw new UsageError('--sample-every', `${flags.sampleEvery} exceeds --duration ${flags.duration}`);
  }
}

/** One line describing the scenario, for the plot title and the console (after toSimConfigs accepted the flags). */
export function scenarioTitle(flags: ParsedFlags, external = false): string {
  const parts = [
    external ? flags.problem : `${flags.problem} d=${flags.dim}`,
    `${flags.nodes} nodes`,
    flags.topology === 'two-trees' ? `two-trees k=${flags.fanout}` : flags.topology,
  ];
  if (flags.burst) {
    const b = flags.burst;
    parts.push(`burst loss ${b.pGoodToBad}:${b.pBadToGood}:${b.lossGood}:${b.lossBad}`);
  } else if (flags.loss > 0) parts.push(`loss ${flags.loss}`);
  if (flags.pacing > 0) parts.push(`pacing ${flags.pacing}`);
  if (flags.bandwidth !== undefined) parts.push(`${flags.bandwidth} B/unit`);
  for (const s of flags.straggler) parts.push(`straggler ${s.node}×${s.factor}`);
  if (flags.byzantine !== undefined) parts.push(`byzantine ${flags.byzantine.mode} ${flags.byzantine.nodes.join(',')}`);
  const eventCount = flags.leave.length + flags.crash.length + flags.join.length;
  if (eventCount > 0) parts.push(`${eventCount} membership event${eventCount > 1 ? 's' : ''}`);
  if (flags.compression !== 'none') parts.push(`${flags.compression} compression, keyframe every ${flags.keyframeEvery}`);
  for (const [algorithm, params] of Object.entries(paramsOf(flags))) parts.push(`${algorithm} ${describeParams(params)}`);
  parts.push(`seed ${flags.seed}`);
  return parts.join(', ');
}
