import { RoomNameSchema } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { fakeResult, sample } from '../../../apps/demo/src/fake-result';
import { demoProgram, parseDemoArgs, toDemoArgs } from '../../../apps/demo/src/options';
import { demoOptionsFor } from './browser-runs';
import { BROWSER_COLUMNS, browserFigures, browserRow, browserTable, failureCause } from './browser-table';
import { comparedMethods } from './compared-methods';

describe('comparedMethods', () => {
  it('is every algorithm plus R-FAST with q8, under distinct keys', () => {
    const methods = comparedMethods();
    expect(methods.map((m) => m.key)).toEqual(['rfast', 'naive', 'allreduce', 'dpsgd', 'adpsgd', 'local-sgd', 'overlap-local-sgd', 'pc-asgd', 'synthesis', 'rfast+q8']);
    expect(methods.at(-1)).toMatchObject({ algorithm: 'rfast', compression: { name: 'q8' } });
  });
});

describe('demoOptionsFor', () => {
  const quiet = () => demoProgram().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });

  it.each(comparedMethods())('runs $key as a valid `pnpm demo` command line', (method) => {
    const options = demoOptionsFor(method);
    expect(RoomNameSchema.safeParse(options.room).success).toBe(true);
    const parsed = parseDemoArgs(toDemoArgs({ ...options, json: 'r.json', progress: 'lines' }), quiet());
    expect(parsed).toMatchObject({ tabs: 4, duration: 60, algo: method.algorithm, compression: method.compression?.name ?? 'none', stopAtTarget: false });
  });
});

describe('browserFigures', () => {
  it('takes each tab\'s last accuracy and byte count, the root\'s on its own', () => {
    // fakeResult: tab1 (root) ends at 93% with 200 kB sent, tab2 at 92% with 190 kB, over 20 s.
    expect(browserFigures(fakeResult())).toEqual({
      rootAccuracy: 0.93, meanAccuracy: 0.925, meanSent: 195_000, maxSent: 200_000, stepsPerSecond: 9.75, rootToTarget: 10,
    });
  });

  it('has no accuracy when no tab was ever evaluated', () => {
    const silent = fakeResult({ polls: [{ t: 1, tabs: [sample(5, null, { isRoot: true }), sample(4, null)] }] });
    expect(browserFigures(silent)).toMatchObject({ rootAccuracy: null, meanAccuracy: null, rootToTarget: null });
  });
});

describe('browserRow', () => {
  it('fills every column of a finished run', () => {
    const row = browserRow({ method: 'rfast', outcome: { ok: true, result: fakeResult() }, loadBefore: 1.5 });
    expect(row).toHaveLength(BROWSER_COLUMNS.length);
    expect(row.slice(0, 9)).toEqual(['rfast', '93.0%', '92.5%', '190.4 KiB', '195.3 KiB', 9.8, '10.0 s', 'wasm,wasm', 1.5]);
  });

  it('says why a run failed instead of hiding it', () => {
    const outcome = { ok: false as const, reason: 'failed' as const, detail: 'exit 1\nstarting the signaling server\ndemo failed: Error: tabs not ready after 180 s' };
    const row = browserRow({ method: 'synthesis', outcome, loadBefore: 2 });
    expect(row[1]).toBe('failed');
    expect(row.at(-1)).toBe('failed: demo failed: Error: tabs not ready after 180 s');
    expect(failureCause({ ok: false, reason: 'timeout', detail: '' })).toBe('timeout');
  });
});

describe('browserTable', () => {
  it('compares the bytes of R-FAST with q8 against plain R-FAST', () => {
    const lighter = fakeResult({ polls: fakeResult().polls.map((p) => ({ ...p, tabs: p.tabs.map((s) => (s === null ? null : { ...s, bytesSent: s.bytesSent / 4 })) })) });
    const table = browserTable([
      { method: 'rfast', outcome: { ok: true, result: fakeResult() }, loadBefore: 1 },
      { method: 'rfast+q8', outcome: { ok: true, result: lighter }, loadBefore: 1 },
    ]);
    expect(String(table.rows[1]?.at(-1))).toContain('4.00× fewer bytes per tab than rfast');
    expect(String(table.rows[0]?.at(-1))).toContain('1 warning: tab2: status unreadable');
  });

  it('says which hyper-parameters the room ran a method with', () => {
    const base = fakeResult();
    const result = { ...base, settings: { ...base.settings, algo: 'synthesis' as const, params: { delta: 2 } } };
    const row = browserRow({ method: 'synthesis', outcome: { ok: true, result }, loadBefore: 1 });
    expect(String(row.at(-1))).toMatch(/^ran with delta=2; /);
  });
});
