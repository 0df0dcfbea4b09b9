import { describe, expect, it } from 'vitest';
import { fakeResult } from './fake-result';
import { defaultDemoOptions } from './options';
import { outcomeOf, runDemoProcess } from './spawn-demo';

const json = JSON.stringify(fakeResult());

describe('outcomeOf', () => {
  it('returns the parsed result of a clean exit', () => {
    expect(outcomeOf({ code: 0, timedOut: false }, json, [])).toEqual({ ok: true, result: fakeResult() });
  });

  it.each([
    [{ code: null, timedOut: true }, json, 'timeout'],
    [{ code: 3, timedOut: false }, undefined, 'no-chromium'],
    [{ code: 1, timedOut: false }, json, 'failed'],
    [{ code: 0, timedOut: false }, undefined, 'bad-output'],
    [{ code: 0, timedOut: false }, '{}', 'bad-output'],
  ])('classifies %o', (exit, output, reason) => {
    expect(outcomeOf(exit, output, ['last line'])).toMatchObject({ ok: false, reason });
  });
});

describe('runDemoProcess', () => {
  it('runs the real entry point with the options as flags (a usage error comes back as a failure)', async () => {
    const lines: string[] = [];
    // One tab with a straggler is refused by the demo's own argument check, before anything starts.
    const outcome = await runDemoProcess({ ...defaultDemoOptions(), tabs: 1, straggler: 4, build: false }, { timeoutMs: 30_000, log: (l) => lines.push(l) });
    expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
    expect(!outcome.ok && outcome.detail).toContain('exit 2');
    expect(lines.join('\n')).toContain('--straggler needs at least 2 tabs');
  });
});
