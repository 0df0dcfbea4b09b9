import type { z } from 'zod';
import { signalingError, type Result } from './errors';

const MAX_REASON_LENGTH = 500;

/**
 * Validates an untrusted payload. Never throws: a hostile object (getters that throw, proxies) becomes a
 * 'bad-request' like any other invalid input. The reason names the first problems and their paths.
 */
export function validate<S extends z.ZodType>(schema: S, payload: unknown): Result<z.output<S>> {
  try {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return { ok: true, value: parsed.data };
    return { ok: false, error: signalingError('bad-request', describeIssues(parsed.error.issues)) };
  } catch (cause) {
    return { ok: false, error: signalingError('bad-request', `unreadable payload: ${errorText(cause)}`) };
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const text = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  return (text + more).slice(0, MAX_REASON_LENGTH) || 'invalid payload';
}

function errorText(cause: unknown): string {
  try {
    return cause instanceof Error ? cause.message.slice(0, 200) : 'unknown error';
  } catch {
    return 'unknown error';
  }
}
