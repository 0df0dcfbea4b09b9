/**
 * Which hyper-parameters (NodeOptions.params) each algorithm reads, with the same range rules the node
 * constructors apply (hyper-params.ts), so `--param` can refuse a bad name or value before anything runs.
 * Shared by `pnpm sim` and `pnpm demo`. hyper-param-catalogue.test.ts checks it against the constructors:
 * a node must read exactly these names and accept exactly these values.
 */
import { DEFAULT_DELAY_BUDGET, defaultStableDelay } from '../../algorithms/delay-scaled-step';
import { DEFAULT_STALENESS_BUDGET, defaultStaleAge } from '../../algorithms/staleness-scaled-step';
import { LOCAL_SGD_DEFAULTS } from '../../algorithms/local-sgd';
import { OVERLAP_DEFAULTS } from '../../algorithms/overlap-local-sgd';
import { PC_ASGD_DEFAULTS } from '../../algorithms/pc-asgd';
import { SYNTHESIS_DEFAULTS } from '../../algorithms/synthesis-schedule';
import { nonNegative, nonNegativeInteger, onOff, openUnitInterval, positiveInteger, unitInterval, type ParamRule } from '../../algorithms/hyper-params';
import type { AlgorithmName } from '../../node';

export interface HyperParam {
  /** The key in NodeOptions.params. */
  readonly name: string;
  /** What it is, briefly (with the paper's symbol). */
  readonly meaning: string;
  /** The default, as text (some scale with the number of nodes n). */
  readonly fallback: string;
  readonly rule: ParamRule;
}

/** Both tracking methods scale their step down when messages arrive more than D₀ steps apart (delay-scaled-step.ts). */
const STABLE_DELAY: HyperParam = {
  name: 'stableDelay',
  meaning: 'D₀, message gap (in steps) above which γ shrinks as D₀/gap; 0 = off',
  fallback: `⌈${DEFAULT_DELAY_BUDGET}/γ⌉ (${defaultStableDelay(0.1)} at γ = 0.1)`,
  rule: nonNegativeInteger(0),
};

/** ... and when the information they act on is older than A₀ steps (staleness-scaled-step.ts). */
const STALE_AGE: HyperParam = {
  name: 'staleAge',
  meaning: 'A₀, age (in steps: tree depth × link round trip; in exchanges with localSteps) above which γ shrinks as A₀/age; 0 = off',
  fallback: `⌈${DEFAULT_STALENESS_BUDGET}/η⌉ (${defaultStaleAge(0.05)} at η = 0.05)`,
  rule: nonNegativeInteger(0),
};

/** ... and screen what they absorb (link-screening.ts); a trusted cluster may turn it off. */
const SCREENING: HyperParam = {
  name: 'screening',
  meaning: 'hostile-value screening and quarantine of links; 0 = off (trusted rooms only)',
  fallback: '1',
  rule: onOff(1),
};

/** ... and may take H local SGD steps per exchange (local-trajectory.ts). */
const LOCAL_STEPS: HyperParam = {
  name: 'localSteps',
  meaning: 'H, local SGD steps per exchange (the tracker gets their mean gradient; a node sends on one step in H); 1 = R-FAST as published',
  fallback: '1',
  rule: positiveInteger(1),
};

export const HYPER_PARAMS: Readonly<Record<AlgorithmName, readonly HyperParam[]>> = {
  rfast: [STABLE_DELAY, STALE_AGE, SCREENING, LOCAL_STEPS],
  naive: [STABLE_DELAY, STALE_AGE, SCREENING, LOCAL_STEPS],
  allreduce: [],
  dpsgd: [],
  adpsgd: [],
  'local-sgd': [
    { name: 'H', meaning: 'local steps between averages', fallback: String(LOCAL_SGD_DEFAULTS.H), rule: positiveInteger(LOCAL_SGD_DEFAULTS.H) },
  ],
  'overlap-local-sgd': [
    { name: 'tau', meaning: 'τ, local steps between syncs', fallback: String(OVERLAP_DEFAULTS.tau), rule: positiveInteger(OVERLAP_DEFAULTS.tau) },
    { name: 'alpha', meaning: 'α, pull-back towards the anchor', fallback: String(OVERLAP_DEFAULTS.alpha), rule: openUnitInterval(OVERLAP_DEFAULTS.alpha) },
    { name: 'beta', meaning: 'β, anchor momentum', fallback: String(OVERLAP_DEFAULTS.beta), rule: unitInterval(OVERLAP_DEFAULTS.beta) },
  ],
  'pc-asgd': [
    // Unset θ is the practical variant (θ ∈ {0, 1} per step by the lower minibatch loss).
    { name: 'theta', meaning: 'θ, fixed predicted/clipped mix', fallback: 'unset: 0 or 1 per step, by the lower loss', rule: unitInterval(0) },
    { name: 'lambda', meaning: 'λ, delay-compensation strength', fallback: String(PC_ASGD_DEFAULTS.lambda), rule: nonNegative(PC_ASGD_DEFAULTS.lambda) },
    { name: 'clip', meaning: 'largest age kept by clipping', fallback: String(PC_ASGD_DEFAULTS.clip), rule: nonNegativeInteger(PC_ASGD_DEFAULTS.clip) },
    { name: 'horizon', meaning: 'age after which a neighbour is ignored', fallback: String(PC_ASGD_DEFAULTS.horizon), rule: nonNegativeInteger(PC_ASGD_DEFAULTS.horizon) },
  ],
  synthesis: [
    { name: 'q', meaning: 'root updates between checkpoints (period)', fallback: `${SYNTHESIS_DEFAULTS.periodPerNode}·n`, rule: positiveInteger(SYNTHESIS_DEFAULTS.periodPerNode) },
    { name: 'delta', meaning: 'Δ, largest accepted staleness', fallback: `${SYNTHESIS_DEFAULTS.stalenessPerNode}·n`, rule: nonNegativeInteger(SYNTHESIS_DEFAULTS.stalenessPerNode) },
  ],
};

export function catalogueAlgorithms(): AlgorithmName[] {
  return Object.keys(HYPER_PARAMS) as AlgorithmName[];
}

export function isCatalogued(name: string): name is AlgorithmName {
  return Object.hasOwn(HYPER_PARAMS, name);
}

export function findParam(algorithm: AlgorithmName, name: string): HyperParam | undefined {
  return HYPER_PARAMS[algorithm].find((p) => p.name === name);
}

/** Algorithms that read `name`, in catalogue order. */
export function readersOf(name: string): AlgorithmName[] {
  return catalogueAlgorithms().filter((a) => findParam(a, name) !== undefined);
}

/** "local-sgd: H; overlap-local-sgd: tau, alpha, beta; ..." (algorithms without any are left out). */
export function acceptedNames(algorithms: readonly AlgorithmName[] = catalogueAlgorithms()): string {
  return algorithms
    .filter((a) => HYPER_PARAMS[a].length > 0)
    .map((a) => `${a}: ${HYPER_PARAMS[a].map((p) => p.name).join(', ')}`)
    .join('; ');
}

/** One line per hyper-parameter, for --help. */
export function catalogueHelp(): string {
  const rows = catalogueAlgorithms().flatMap((a) => HYPER_PARAMS[a].map((p) => ({ key: `${a}.${p.name}`, p })));
  const width = Math.max(...rows.map((r) => r.key.length));
  return rows.map(({ key, p }) => `  ${key.padEnd(width)}  ${p.meaning}; ${p.rule.accepted} (default ${p.fallback})`).join('\n');
}
