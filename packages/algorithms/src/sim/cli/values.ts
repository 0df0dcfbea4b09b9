/**
 * Parsers for single flag values. Each throws commander's InvalidArgumentError with a message that states
 * the accepted values; commander prefixes it with the flag name, so the user sees both.
 */
import { InvalidArgumentError } from 'commander';
import { MAX_KEYFRAME_EVERY } from '@canopy/protocol';
import { BYZANTINE_MODES, isByzantineMode, type ByzantineMode } from '../byzantine';
import { parseParamSetting, type ParamSetting } from './param-setting';

function parseNumber(raw: string, what: string): number {
  const trimmed = raw.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new InvalidArgumentError(`expected ${what}, got "${raw}"`);
  return value;
}

export function positiveInteger(raw: string): number {
  const value = parseNumber(raw, 'a positive integer');
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a positive integer, got "${raw}"`);
  return value;
}

export function nonNegativeInteger(raw: string): number {
  const value = parseNumber(raw, 'a non-negative integer');
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError(`expected a non-negative integer, got "${raw}"`);
  return value;
}

export function positiveNumber(raw: string): number {
  const value = parseNumber(raw, 'a positive number');
  if (value <= 0) throw new InvalidArgumentError(`expected a positive number, got "${raw}"`);
  return value;
}

export function nonNegativeNumber(raw: string): number {
  const value = parseNumber(raw, 'a number ≥ 0');
  if (value < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got "${raw}"`);
  return value;
}

/** A probability in [0, 1); 1 is refused because nothing would ever be delivered. */
export function lossProbability(raw: string): number {
  const value = parseNumber(raw, 'a probability in [0, 1)');
  if (value < 0 || value >= 1) throw new InvalidArgumentError(`expected a probability in [0, 1), got "${raw}"`);
  return value;
}

/** A probability in [0, 1] (transition probabilities and per-state loss of Gilbert–Elliott). */
function probability(raw: string, what: string): number {
  const value = parseNumber(raw, `${what} in [0, 1]`);
  if (value < 0 || value > 1) throw new InvalidArgumentError(`expected ${what} in [0, 1], got "${raw}"`);
  return value;
}

/** Splits "a:b[:c]" into exactly `min`..`max` parts, or explains the expected form. */
function split(raw: string, form: string, min: number, max: number): string[] {
  const parts = raw.split(':');
  if (parts.length < min || parts.length > max || parts.some((p) => p.trim() === '')) {
    throw new InvalidArgumentError(`expected ${form}, got "${raw}"`);
  }
  return parts;
}

export interface MeanJitter {
  readonly mean: number;
  readonly jitter: number;
}

/**
 * "mean[:jitter]": jitter is RELATIVE, as the simulator defines it (samples uniform in mean·(1 ± jitter)),
 * so it must lie in [0, 1] to keep times non-negative. Compute time needs mean > 0; a delay may be 0.
 */
export function meanJitter(form: string, allowZeroMean: boolean): (raw: string) => MeanJitter {
  return (raw) => {
    const [m = '', j] = split(raw, form, 1, 2);
    const mean = allowZeroMean ? nonNegativeNumber(m) : positiveNumber(m);
    const jitter = j === undefined ? 0 : nonNegativeNumber(j);
    if (jitter > 1) throw new InvalidArgumentError(`expected ${form}, got "${raw}"`);
    return { mean, jitter };
  };
}

export interface BurstLoss {
  readonly kind: 'gilbert-elliott';
  readonly pGoodToBad: number;
  readonly pBadToGood: number;
  readonly lossGood: number;
  readonly lossBad: number;
}

export function burstLoss(raw: string): BurstLoss {
  const form = 'pGB:pBG:lossGood:lossBad (four probabilities in [0, 1], pBG > 0, lossGood < 1)';
  const [a = '', b = '', c = '', d = ''] = split(raw, form, 4, 4);
  const loss: BurstLoss = {
    kind: 'gilbert-elliott',
    pGoodToBad: probability(a, 'pGB'),
    pBadToGood: probability(b, 'pBG'),
    lossGood: probability(c, 'lossGood'),
    lossBad: probability(d, 'lossBad'),
  };
  // pBG = 0 makes the bad state absorbing; lossGood = 1 loses everything even in the good state.
  if (loss.pBadToGood === 0 || loss.lossGood === 1) throw new InvalidArgumentError(`expected ${form}, got "${raw}"`);
  return loss;
}

export interface Straggler {
  readonly node: number;
  readonly factor: number;
}

export function straggler(raw: string, previous: readonly Straggler[]): Straggler[] {
  const form = 'node:factor (node index ≥ 0, factor > 0)';
  const [n = '', f = ''] = split(raw, form, 2, 2);
  let parsed: Straggler;
  try {
    parsed = { node: nonNegativeInteger(n), factor: positiveNumber(f) };
  } catch {
    throw new InvalidArgumentError(`expected ${form}, got "${raw}"`);
  }
  return [...previous, parsed];
}

export interface ByzantineSpec {
  readonly mode: ByzantineMode;
  readonly nodes: readonly number[];
}

/** --byzantine mode:node[,node...] (modes: BYZANTINE_MODES). */
export function byzantine(raw: string): ByzantineSpec {
  const form = `mode:node[,node...] (mode one of ${BYZANTINE_MODES.join(', ')}; node indices ≥ 0)`;
  const [mode = '', list = ''] = split(raw, form, 2, 2);
  if (!isByzantineMode(mode)) throw new InvalidArgumentError(`expected ${form}, got "${raw}"`);
  try {
    return { mode, nodes: list.split(',').map((n) => nonNegativeInteger(n)) };
  } catch {
    throw new InvalidArgumentError(`expected ${form}, got "${raw}"`);
  }
}

export interface NodeEventSpec {
  readonly at: number;
  readonly node: number;
}

/** "t:node" for --leave and --crash (repeatable). */
export function timedNode(raw: string, previous: readonly NodeEventSpec[]): NodeEventSpec[] {
  const form = 't:node (virtual time ≥ 0, node index ≥ 0)';
  const [t = '', n = ''] = split(raw, form, 2, 2);
  let parsed: NodeEventSpec;
  try {
    parsed = { at: nonNegativeNumber(t), node: nonNegativeInteger(n) };
  } catch {
    throw new InvalidArgumentError(`expected ${form}, got "${raw}"`);
  }
  return [...previous, parsed];
}

/** "t" for --join (repeatable). */
export function joinTime(raw: string, previous: readonly number[]): number[] {
  return [...previous, nonNegativeNumber(raw)];
}

/** Comma list of names, each one of `accepted`, no duplicates. */
export function nameList<T extends string>(accepted: readonly T[]): (raw: string) => T[] {
  return (raw) => {
    const names = raw.split(',').map((s) => s.trim());
    const bad = names.filter((n) => !(accepted as readonly string[]).includes(n));
    if (names.length === 0 || bad.length > 0) {
      throw new InvalidArgumentError(`unknown "${bad.join(',') || raw}"; accepted: ${accepted.join(', ')}`);
    }
    if (new Set(names).size !== names.length) throw new InvalidArgumentError(`duplicate name in "${raw}"`);
    return names as T[];
  };
}

/** A file-name prefix: no path separators, so --name cannot write outside --out. */
export function filePrefix(raw: string): string {
  if (!/^[\w.-]+$/.test(raw) || raw === '.' || raw === '..') {
    throw new InvalidArgumentError(`expected letters, digits, '.', '-' or '_', got "${raw}"`);
  }
  return raw;
}

/** --keyframe-every: an integer in 1..MAX_KEYFRAME_EVERY. */
export function keyframeCadence(raw: string): number {
  const value = positiveInteger(raw);
  if (value > MAX_KEYFRAME_EVERY) throw new InvalidArgumentError(`expected an integer in 1..${MAX_KEYFRAME_EVERY}, got "${raw}"`);
  return value;
}

/** --param (repeatable): one hyper-parameter setting, checked against the catalogue (names, ranges). */
export function paramSetting(raw: string, previous: readonly ParamSetting[]): ParamSetting[] {
  const parsed = parseParamSetting(raw);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.problem);
  return [...previous, parsed.value];
}
