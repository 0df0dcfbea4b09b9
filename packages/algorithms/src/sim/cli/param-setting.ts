/**
 * `--param algo.name=value` or `--param name=value` (repeatable): algorithm hyper-parameters from the command
 * line. parseParamSetting checks one value against the catalogue; resolveParams turns all of them into each
 * selected algorithm's NodeOptions.params once the selection is known. Both return a problem (a sentence that
 * names the algorithm, the parameter and what is accepted) instead of throwing, so each CLI reports it its way.
 */
import type { AlgorithmName } from '../../node';
import { acceptedNames, catalogueAlgorithms, findParam, HYPER_PARAMS, isCatalogued, readersOf } from './hyper-param-catalogue';

export interface ParamSetting {
  /** undefined: `name=value`, for every selected algorithm that reads `name`. */
  readonly algorithm: AlgorithmName | undefined;
  readonly name: string;
  readonly value: number;
  /** As typed, for error messages. */
  readonly raw: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export type ParamsByAlgorithm = Partial<Record<AlgorithmName, Readonly<Record<string, number>>>>;

export const PARAM_FORM = 'algo.name=value or name=value';

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

export function parseParamSetting(raw: string): Checked<ParamSetting> {
  const eq = raw.indexOf('=');
  const key = eq < 0 ? '' : raw.slice(0, eq).trim();
  const text = eq < 0 ? '' : raw.slice(eq + 1).trim();
  const parts = key.split('.');
  if (key === '' || text === '' || parts.length > 2 || parts.some((p) => p === '')) return fail(`expected ${PARAM_FORM}, got "${raw}"`);
  const value = Number(text);
  if (!Number.isFinite(value)) return fail(`expected a number for ${key}, got "${text}"`);
  const [first = '', second] = parts;
  if (second === undefined) return checkUnscoped(first, value, raw);
  if (!isCatalogued(first)) return fail(`unknown algorithm "${first}" in "${raw}" (accepted: ${catalogueAlgorithms().join(', ')})`);
  return checkScoped(first, second, value, raw);
}

function checkScoped(algorithm: AlgorithmName, name: string, value: number, raw: string): Checked<ParamSetting> {
  const param = findParam(algorithm, name);
  if (param === undefined) {
    const own = HYPER_PARAMS[algorithm].map((p) => p.name);
    return fail(
      own.length === 0
        ? `${algorithm} has no hyper-parameters (those that do: ${acceptedNames()})`
        : `${algorithm} has no hyper-parameter "${name}" (accepted: ${own.join(', ')})`,
    );
  }
  if (!param.rule.valid(value)) return fail(`${algorithm}.${name} must be ${param.rule.accepted}, got ${value}`);
  return { ok: true, value: { algorithm, name, value, raw } };
}

function checkUnscoped(name: string, value: number, raw: string): Checked<ParamSetting> {
  const readers = readersOf(name);
  if (readers.length === 0) return fail(`no algorithm has a hyper-parameter "${name}" (accepted: ${acceptedNames()})`);
  for (const algorithm of readers) {
    const rule = findParam(algorithm, name)?.rule;
    if (rule !== undefined && !rule.valid(value)) return fail(`${algorithm}.${name} must be ${rule.accepted}, got ${value}`);
  }
  return { ok: true, value: { algorithm: undefined, name, value, raw } };
}

/**
 * Each selected algorithm's params: `name=value` applies to every selected reader of `name`, `algo.name=value`
 * to that one only and wins over `name=value`. A setting that no selected algorithm would read is a problem
 * (a typo or a forgotten --algo), and so is the same setting given twice.
 */
export function resolveParams(settings: readonly ParamSetting[], selected: readonly AlgorithmName[]): Checked<ParamsByAlgorithm> {
  const seen = new Set<string>();
  for (const s of settings) {
    const scope = `${s.algorithm ?? '*'}.${s.name}`;
    if (seen.has(scope)) return fail(`${s.algorithm === undefined ? s.name : `${s.algorithm}.${s.name}`} is given twice`);
    seen.add(scope);
    if (s.algorithm !== undefined && !selected.includes(s.algorithm)) {
      return fail(`"${s.raw}": ${s.algorithm} is not among the selected algorithms (${selected.join(', ')})`);
    }
    if (s.algorithm === undefined && !selected.some((a) => findParam(a, s.name) !== undefined)) {
      return fail(`"${s.raw}": none of the selected algorithms (${selected.join(', ')}) reads ${s.name} (read by: ${readersOf(s.name).join(', ')})`);
    }
  }
  const byAlgorithm: ParamsByAlgorithm = {};
  for (const algorithm of selected) {
    const params: Record<string, number> = {};
    // Unscoped first, so a scoped setting overrides it whatever the order on the command line.
    for (const s of settings) if (s.algorithm === undefined && findParam(algorithm, s.name) !== undefined) params[s.name] = s.value;
    for (const s of settings) if (s.algorithm === algorithm) params[s.name] = s.value;
    if (Object.keys(params).length > 0) byAlgorithm[algorithm] = params;
  }
  return { ok: true, value: byAlgorithm };
}

/** "H=8, tau=3" (empty for none): for titles and reports. */
export function describeParams(params: Readonly<Record<string, number>> | undefined): string {
  return Object.entries(params ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}
