/** Reading algorithm hyper-parameters (NodeOptions.params) with defaults and range checks. */
import type { NodeOptions } from '../node';

export interface ParamRule {
  readonly fallback: number;
  /** Human-readable accepted range, used in the error message. */
  readonly accepted: string;
  readonly valid: (value: number) => boolean;
}

export const positiveInteger = (fallback: number): ParamRule => ({
  fallback,
  accepted: 'a positive integer',
  valid: (v) => Number.isInteger(v) && v >= 1,
});

export const nonNegativeInteger = (fallback: number): ParamRule => ({
  fallback,
  accepted: 'an integer ≥ 0',
  valid: (v) => Number.isInteger(v) && v >= 0,
});

/** 0 (off) or 1 (on). */
export const onOff = (fallback: 0 | 1): ParamRule => ({
  fallback,
  accepted: '0 (off) or 1 (on)',
  valid: (v) => v === 0 || v === 1,
});

export const unitInterval = (fallback: number): ParamRule => ({
  fallback,
  accepted: 'a number in [0, 1]',
  valid: (v) => v >= 0 && v <= 1,
});

/** (0, 1): both ends excluded (e.g. Overlap's α, where 1 stops all progress and 0 never syncs). */
export const openUnitInterval = (fallback: number): ParamRule => ({
  fallback,
  accepted: 'a number in (0, 1)',
  valid: (v) => v > 0 && v < 1,
});

export const nonNegative = (fallback: number): ParamRule => ({
  fallback,
  accepted: 'a finite number ≥ 0',
  valid: (v) => Number.isFinite(v) && v >= 0,
});

/** params[name] when given (it must satisfy the rule, else a RangeError names it), otherwise the fallback. */
export function readParam(params: NodeOptions['params'], name: string, rule: ParamRule): number {
  const value = params?.[name];
  if (value === undefined) return rule.fallback;
  if (!rule.valid(value)) throw new RangeError(`hyper-parameter ${name} must be ${rule.accepted}, got ${value}`);
  return value;
}

/** Whether the caller set params[name] at all. */
export function hasParam(params: NodeOptions['params'], name: string): boolean {
  return params?.[name] !== undefined;
}
