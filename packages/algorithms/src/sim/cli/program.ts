/**
 * The commander definition of `pnpm sim`: every flag, its parser and its default (shown by --help).
 * Parsing only; turning the values into SimConfig objects is config.ts's job.
 */
import { Command, Option } from 'commander';
import type { AlgorithmName } from '../../node';
import { COMPRESSOR_NAMES, DEFAULT_KEYFRAME_EVERY, MAX_KEYFRAME_EVERY, type CompressorName, type TopologyKind } from '@canopy/protocol';
import type { ProblemKind as SimProblemKind } from '../index';
import {
  burstLoss,
  joinTime,
  lossProbability,
  meanJitter,
  nameList,
  nonNegativeInteger,
  nonNegativeNumber,
  positiveInteger,
  positiveNumber,
  straggler,
  byzantine,
  timedNode,
  filePrefix,
  keyframeCadence,
  paramSetting,
} from './values';
import type { BurstLoss, ByzantineSpec, MeanJitter, NodeEventSpec, Straggler } from './values';
import { catalogueHelp } from './hyper-param-catalogue';
import { PARAM_FORM, type ParamSetting } from './param-setting';

export const TOPOLOGY_KINDS: readonly TopologyKind[] = ['two-trees', 'ring', 'exponential'];
export const PROBLEM_KINDS = ['least-squares', 'logistic'] as const satisfies readonly SimProblemKind[];
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** The values commander hands back after parsing (attribute names are commander's camel-cased flags). */
export interface ParsedFlags {
  readonly algo: AlgorithmName[];
  readonly topology: TopologyKind;
  readonly fanout: number;
  readonly nodes: number;
  /** A convex kind, or the name of an external problem (a real model). */
  readonly problem: string;
  readonly dim: number;
  readonly samples: number;
  readonly heterogeneity: number;
  readonly stochastic: boolean;
  readonly batch?: number;
  readonly lr?: number;
  readonly duration: number;
  readonly loss: number;
  readonly burst?: BurstLoss;
  readonly delay: MeanJitter;
  readonly pacing: number;
  readonly bandwidth?: number;
  readonly compute: MeanJitter;
  readonly straggler: Straggler[];
  readonly byzantine?: ByzantineSpec;
  readonly leave: NodeEventSpec[];
  readonly crash: NodeEventSpec[];
  readonly join: number[];
  readonly seed: number;
  readonly sampleEvery?: number;
  readonly target: number;
  readonly out: string;
  readonly name: string;
  readonly progress: boolean;
  readonly compression: CompressorName;
  readonly keyframeEvery: number;
  readonly param: ParamSetting[];
}

export const DEFAULTS = {
  algo: 'rfast,allreduce',
  topology: 'two-trees' as TopologyKind,
  fanout: 2,
  nodes: 16,
  problem: 'least-squares' as ProblemKind,
  dim: 20,
  samples: 50,
  heterogeneity: 1,
  duration: 200,
  loss: 0,
  // The simulator's own defaults, repeated here so --help can show them.
  delay: '0.5:0.5',
  compute: '1:0.5',
  seed: 1,
  target: 1e-3,
  out: 'sim-out',
  compression: 'none' as CompressorName,
  keyframeEvery: DEFAULT_KEYFRAME_EVERY,
  name: 'sim',
} as const;

/**
 * Builds a fresh program; `algorithms` are the names the simulator implements (validated against), `external`
 * the real-model problems the caller registered (name → one-line description).
 */
export function buildProgram(algorithms: readonly AlgorithmName[], external: ReadonlyMap<string, string> = new Map()): Command {
  const problemHelp = [
    'convex problem with a known optimum',
    ...(external.size > 0 ? [`or a real model (held-out accuracy is measured): ${[...external].map(([name, text]) => `${name} = ${text}`).join('; ')}`] : []),
  ].join(', ');
  const program = new Command('sim')
    .description(
      'Seeded discrete-event simulation of decentralised training. Runs every --algo on the same scenario and seed, ' +
        'writes OUT/NAME.csv (metrics, long format) and OUT/NAME.svg (relative error vs virtual time), prints a summary.',
    )
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments(false)
    .showSuggestionAfterError(true);

  program
    .addOption(
      new Option('--algo <list>', `comma list of algorithms, from: ${algorithms.join(', ')}`)
        .default(nameList(algorithms)(DEFAULTS.algo), DEFAULTS.algo)
        .argParser(nameList(algorithms)),
    )
    .addOption(new Option('--topology <kind>', 'communication graph').choices(TOPOLOGY_KINDS).default(DEFAULTS.topology))
    .addOption(new Option('--fanout <k>', 'children per tree node (two-trees)').argParser(positiveInteger).default(DEFAULTS.fanout))
    .addOption(new Option('--nodes <n>', 'number of nodes at start').argParser(positiveInteger).default(DEFAULTS.nodes))
    .addOption(new Option('--problem <kind>', problemHelp).choices([...PROBLEM_KINDS, ...external.keys()]).default(DEFAULTS.problem))
    .addOption(new Option('--dim <d>', 'model dimension').argParser(positiveInteger).default(DEFAULTS.dim))
    .addOption(new Option('--samples <m>', 'samples per node').argParser(positiveInteger).default(DEFAULTS.samples))
    .addOption(
      new Option('--heterogeneity <h>', 'how different the nodes\' shards are (0 = identically distributed)')
        .argParser(nonNegativeNumber)
        .default(DEFAULTS.heterogeneity),
    )
    .addOption(new Option('--stochastic', 'minibatch gradients instead of full local gradients').default(false))
    .addOption(
      new Option('--batch <b>', 'minibatch size, sampled with replacement (implies --stochastic) (default: min(samples, 8))')
        .argParser(positiveInteger),
    )
    .addOption(
      new Option(
        '--lr <eta>',
        "learning rate η (minibatch-SGD equivalent; R-FAST scales it by its topology) (default: per algorithm, from the problem's smoothness)",
      ).argParser(positiveNumber),
    )
    .addOption(new Option('--duration <t>', 'virtual time to simulate').argParser(positiveNumber).default(DEFAULTS.duration))
    .addOption(new Option('--loss <p>', 'i.i.d. packet loss probability in [0, 1)').argParser(lossProbability).default(DEFAULTS.loss))
    .addOption(
      new Option('--burst <pGB:pBG:lossGood:lossBad>', 'Gilbert–Elliott bursty loss, instead of --loss (default: none)').argParser(burstLoss),
    )
    .addOption(
      new Option('--delay <mean[:jitter]>', 'link delay in virtual time, uniform in mean·(1 ± jitter), jitter in [0, 1]')
        .argParser(meanJitter('mean[:jitter] (mean ≥ 0, jitter in [0, 1])', true))
        .default(meanJitter('', true)(DEFAULTS.delay), DEFAULTS.delay),
    )
    .addOption(
      new Option('--pacing <t>', 'least virtual time between two sends of R-FAST state on a link; newer state supersedes what waits')
        .argParser(nonNegativeNumber)
        .default(0),
    )
    .addOption(
      new Option('--bandwidth <bytes>', 'wire bytes per virtual time unit on each directed link (default: unlimited)').argParser(positiveNumber),
    )
    .addOption(
      new Option('--compute <base[:jitter]>', 'virtual time of one gradient, uniform in base·(1 ± jitter), jitter in [0, 1]')
        .argParser(meanJitter('base[:jitter] (base > 0, jitter in [0, 1])', false))
        .default(meanJitter('', false)(DEFAULTS.compute), DEFAULTS.compute),
    )
    .addOption(
      new Option('--straggler <node:factor>', 'slow node: compute time × factor (repeatable)').argParser(straggler).default([], 'none'),
    )
    .addOption(
      new Option(
        '--byzantine <mode:nodes>',
        'attacking nodes, e.g. random:3 or injection:1,5 (modes: scaled, random, injection, drift); metrics then describe the honest nodes, and a peer an honest node quarantines is evicted (default: none)',
      ).argParser(byzantine),
    )
    .addOption(new Option('--leave <t:node>', 'graceful leave of a node at time t (repeatable)').argParser(timedNode).default([], 'none'))
    .addOption(new Option('--crash <t:node>', 'crash of a node at time t (repeatable)').argParser(timedNode).default([], 'none'))
    .addOption(new Option('--join <t>', 'a new node joins at time t (repeatable)').argParser(joinTime).default([], 'none'))
    .addOption(new Option('--seed <s>', 'PRNG seed (same seed and flags → byte-identical CSV)').argParser(nonNegativeInteger).default(DEFAULTS.seed))
    .addOption(
      new Option('--sample-every <t>', 'virtual time between metric samples (default: duration / 200)').argParser(positiveNumber),
    )
    .addOption(
      new Option('--target <e>', 'relative error for the time-to-target column').argParser(positiveNumber).default(DEFAULTS.target),
    )
    .addOption(new Option('--out <dir>', 'output directory').default(DEFAULTS.out))
    .addOption(new Option('--name <prefix>', 'file name prefix for the CSV and SVG').argParser(filePrefix).default(DEFAULTS.name))
    .addOption(new Option('--progress', 'show a progress bar on stderr even when it is not a terminal').default(false, 'only on a TTY'))
    .addOption(
      new Option('--compression <name>', 'wire compression of R-FAST messages (other algorithms ignore it)')
        .choices(COMPRESSOR_NAMES)
        .default(DEFAULTS.compression),
    )
    .addOption(
      new Option('--keyframe-every <k>', `with --compression: a full-precision keyframe every k messages per link (1..${MAX_KEYFRAME_EVERY})`)
        .argParser(keyframeCadence)
        .default(DEFAULTS.keyframeEvery),
    )
    .addOption(
      new Option(
        '--param <setting>',
        `algorithm hyper-parameter, ${PARAM_FORM}; name=value applies to every selected algorithm that reads it (repeatable; list below)`,
      )
        .argParser(paramSetting)
        .default([], 'none'),
    )
    .addHelpText('after', `\nHyper-parameters for --param (algo.name: meaning; accepted values):\n${catalogueHelp()}`);
  return program;
}

