/** The simulator's input (the public contract the CLI and the benchmarks code against) and its defaults. */
import { createCompressor, isCompressorName, keyframeEveryOf, type CompressionSettings, type TopologyKind } from '@canopy/protocol';
import type { AlgorithmName, Precision } from '../node';
import { isByzantineMode, type ByzantineConfig } from './byzantine';
import type { LinkShaping } from './link-queues';
import type { DelayConfig, LossConfig } from './network';
import type { ExternalProblemRef, ProblemSpec } from './problems/problem';

export interface StragglerConfig {
  readonly node: number;
  readonly factor: number;
}

export interface ComputeConfig {
  /** Mean virtual time of one gradient computation. */
  readonly base: number;
  /** Relative spread: each activation takes base · factor · (1 + jitter · U[−1, 1]). */
  readonly jitter: number;
  readonly stragglers?: readonly StragglerConfig[];
}

export type MembershipEvent =
  | { readonly at: number; readonly kind: 'leave' | 'crash'; readonly node: number }
  | { readonly at: number; readonly kind: 'join' };

export interface SimConfig {
  readonly algorithm: AlgorithmName;
  readonly nodes: number;
  /** Tree-based algorithms (TREE_ALGORITHMS) always run on two trees (tree reduce/broadcast); see SimResult.topology. */
  readonly topology: TopologyKind;
  readonly fanOut?: number;
  /** A convex problem built from its spec, or a real model passed to runSimulation (SimSetup.problem). */
  readonly problem: ProblemSpec | ExternalProblemRef;
  /** η (R-FAST uses γ = η · stepScale). Default per algorithm from the problem's smoothness: see learning-rate.ts. */
  readonly learningRate?: number;
  /** Virtual time units (one gradient takes compute.base units). */
  readonly duration: number;
  readonly compute?: ComputeConfig;
  readonly delay?: DelayConfig;
  readonly loss?: LossConfig;
  /**
   * Pacing and bandwidth of every directed link (default none: a message leaves when it is sent). With them a
   * link holds one unsent message per kind, the newest, as the browser's links do (link-queues.ts).
   */
  readonly links?: Partial<LinkShaping>;
  /** Joiners take the next node indices (nodes, nodes + 1, ...) in event order. */
  readonly events?: readonly MembershipEvent[];
  readonly seed: number;
  /** Virtual time between metric samples; default duration / 200. */
  readonly sampleEvery?: number;
  readonly precision?: Precision;
  /** How long a blocked synchronous node waits before retransmitting; default 2 · (max delay + compute.base). */
  readonly retransmitTimeout?: number;
  /** Default true. False skips the exact optimum (error metrics become NaN): for pure speed runs. */
  readonly solveOptimum?: boolean;
  /**
   * Wire compression (default none). Only R-FAST compresses (keyframes + compressed deltas, error feedback on
   * ρ); every other algorithm ignores it. bytesSent then counts the encoded sizes.
   */
  readonly compression?: CompressionSettings;
  /** Algorithm hyper-parameters handed to every node (NodeOptions.params: H, tau, q, delta, ...). */
  readonly params?: Readonly<Record<string, number>>;
  /**
   * Attacking nodes (byzantine.ts). Metrics then describe the honest nodes against the optimum of the honest
   * shards, and a peer an honest node quarantines is evicted (the engine plays the server).
   */
  readonly byzantine?: ByzantineConfig;
}

export interface ResolvedConfig {
  readonly source: SimConfig;
  readonly topology: TopologyKind;
  readonly compute: Required<ComputeConfig>;
  readonly delay: Required<DelayConfig>;
  readonly loss: LossConfig;
  readonly links: LinkShaping;
  readonly events: readonly MembershipEvent[];
  readonly sampleEvery: number;
  readonly precision: Precision;
  readonly retransmitTimeout: number;
  readonly solveOptimum: boolean;
  /** Initial nodes plus joiners. */
  readonly shardCount: number;
}

/** Algorithms built on a tree reduce/broadcast: they need the two-trees topology whatever was asked for. */
export const TREE_ALGORITHMS: ReadonlySet<AlgorithmName> = new Set<AlgorithmName>(['allreduce', 'local-sgd', 'overlap-local-sgd', 'synthesis']);

const DEFAULT_COMPUTE: Required<ComputeConfig> = { base: 1, jitter: 0.5, stragglers: [] };
const DEFAULT_DELAY: Required<DelayConfig> = { mean: 0.5, jitter: 0.5, distribution: 'uniform' };
const DEFAULT_SAMPLES = 200;

export function resolveConfig(config: SimConfig): ResolvedConfig {
  const { nodes, duration } = config;
  if (!(Number.isInteger(nodes) && nodes >= 1)) throw new RangeError(`nodes must be a positive integer, got ${nodes}`);
  if (!(Number.isFinite(duration) && duration > 0)) throw new RangeError(`duration must be positive, got ${duration}`);
  if (!Number.isFinite(config.seed)) throw new RangeError(`seed must be a finite number, got ${config.seed}`);
  const compute = { ...DEFAULT_COMPUTE, ...config.compute };
  if (!(compute.base > 0) || !(compute.jitter >= 0)) throw new RangeError('compute.base must be > 0 and compute.jitter ≥ 0');
  for (const s of compute.stragglers) {
    if (!(s.factor > 0)) throw new RangeError(`straggler factor must be > 0, got ${s.factor}`);
  }
  const delay = { ...DEFAULT_DELAY, ...config.delay };
  if (!(delay.mean >= 0) || !(delay.jitter >= 0 && delay.jitter <= 1)) {
    throw new RangeError('delay.mean must be ≥ 0 and delay.jitter within [0, 1]');
  }
  const loss = config.loss ?? { kind: 'iid', p: 0 };
  checkLoss(loss);
  const links = { pacing: config.links?.pacing ?? 0, bandwidth: config.links?.bandwidth ?? Number.POSITIVE_INFINITY };
  if (!(links.pacing >= 0 && Number.isFinite(links.pacing))) throw new RangeError(`links.pacing must be ≥ 0, got ${links.pacing}`);
  if (!(links.bandwidth > 0)) throw new RangeError(`links.bandwidth must be > 0 bytes per time unit, got ${links.bandwidth}`);
  const events = [...(config.events ?? [])].sort((a, b) => a.at - b.at);
  const joins = events.filter((e) => e.kind === 'join').length;
  for (const e of events) {
    if (!(e.at >= 0)) throw new RangeError(`event time must be ≥ 0, got ${e.at}`);
    if (e.kind !== 'join' && !(Number.isInteger(e.node) && e.node >= 0 && e.node < nodes + joins)) {
      throw new RangeError(`${e.kind} event names node ${e.node}, which never exists (0..${nodes + joins - 1})`);
    }
  }
  if (config.compression !== undefined) checkCompression(config.compression);
  if (config.byzantine !== undefined) checkByzantine(config.byzantine, nodes, config.compression);
  const sampleEvery = config.sampleEvery ?? duration / DEFAULT_SAMPLES;
  if (!(sampleEvery > 0)) throw new RangeError(`sampleEvery must be > 0, got ${sampleEvery}`);
  const maxDelay = delay.distribution === 'exponential' ? delay.mean * (1 + 2 * delay.jitter) : delay.mean * (1 + delay.jitter);
  const retransmitTimeout = config.retransmitTimeout ?? 2 * (maxDelay + compute.base);
  if (!(retransmitTimeout > 0)) throw new RangeError(`retransmitTimeout must be > 0, got ${retransmitTimeout}`);
  return {
    source: config,
    topology: TREE_ALGORITHMS.has(config.algorithm) ? 'two-trees' : config.topology,
    compute,
    delay,
    loss,
    links,
    events,
    sampleEvery,
    precision: config.precision ?? 'f64',
    retransmitTimeout,
    solveOptimum: config.solveOptimum ?? true,
    shardCount: nodes + joins,
  };
}

function checkLoss(loss: LossConfig): void {
  const probabilities =
    loss.kind === 'iid' ? [loss.p] : [loss.pGoodToBad, loss.pBadToGood, loss.lossGood, loss.lossBad];
  for (const p of probabilities) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`loss probabilities must be within [0, 1], got ${p}`);
  }
}

function checkCompression(compression: CompressionSettings): void {
  if (!isCompressorName(compression.name)) throw new RangeError(`unknown compressor "${String(compression.name)}"`);
  keyframeEveryOf(compression);
  // Built once here so a bad ratio or error budget is refused before the run starts.
  createCompressor(compression.name, compression);
}

function checkByzantine(byzantine: ByzantineConfig, nodes: number, compression: CompressionSettings | undefined): void {
  if (!isByzantineMode(byzantine.mode)) throw new RangeError(`unknown byzantine mode "${String(byzantine.mode)}"`);
  for (const node of byzantine.nodes) {
    if (!(Number.isInteger(node) && node >= 0 && node < nodes)) throw new RangeError(`byzantine node ${node} is not an initial node (0..${nodes - 1})`);
  }
  if (new Set(byzantine.nodes).size >= nodes) throw new RangeError('at least one node must be honest');
  // Attackers rewrite plain vectors; compressed messages are opaque bytes.
  if (compression !== undefined && compression.name !== 'none') throw new RangeError('byzantine runs are uncompressed (drop --compression)');
}
