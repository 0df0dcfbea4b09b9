import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { defaultDemoOptions, demoProgram, parseDemoArgs, toDemoArgs, type DemoOptions } from './options';

/** A program that throws instead of printing, so tests stay quiet. */
const quiet = () => demoProgram().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
const parse = (args: string[]): DemoOptions => parseDemoArgs(args, quiet());

describe('parseDemoArgs', () => {
  it('has the documented defaults', () => {
    expect(defaultDemoOptions()).toEqual({
      tabs: 4, algo: 'rfast', lr: undefined, batch: undefined, loss: 0, straggler: 1, nonIid: undefined, duration: 90,
      room: 'demo', out: 'results/demo', target: 0.9, stopAtTarget: false, json: undefined, progress: 'auto', build: true,
    });
  });

  it('reads every flag', () => {
    const options = parse(['--tabs', '6', '--algo', 'allreduce', '--lr', '0.1', '--batch', '64', '--loss', '0.3', '--straggler', '4',
      '--non-iid', '0.3', '--duration', '60', '--room', 'class-1', '--out', '/tmp/x', '--target', '0.85', '--stop-at-target',
      '--json', '/tmp/x.json', '--progress', 'lines', '--no-build']);
    expect(options).toEqual({
      tabs: 6, algo: 'allreduce', lr: 0.1, batch: 64, loss: 0.3, straggler: 4, nonIid: 0.3, duration: 60, room: 'class-1',
      out: '/tmp/x', target: 0.85, stopAtTarget: true, json: '/tmp/x.json', progress: 'lines', build: false,
    });
  });

  it('accepts the `--` that `pnpm demo -- ...` forwards', () => {
    expect(parse(['--', '--tabs', '2']).tabs).toBe(2);
  });

  it.each([
    [['--tabs', '0']],
    [['--tabs', '2.5']],
    [['--tabs', '17']],
    [['--algo', 'sgd']],
    [['--loss', '1.5']],
    [['--loss', '']],
    [['--straggler', '0.5']],
    [['--non-iid', '0']],
    [['--duration', '-1']],
    [['--room', 'a b']],
    [['--progress', 'fancy']],
    [['--bogus']],
  ])('rejects %j', (args) => {
    expect(() => parse(args)).toThrow(CommanderError);
  });

  it('refuses a straggler in a one-tab run (the root is never slowed)', () => {
    expect(() => parse(['--tabs', '1', '--straggler', '4'])).toThrow(/at least 2 tabs/);
  });
});

describe('toDemoArgs', () => {
  it('round-trips through the parser', () => {
    const options = parse(['--tabs', '3', '--algo', 'naive', '--lr', '0.02', '--non-iid', '0.5', '--stop-at-target', '--json', 'r.json', '--no-build']);
    expect(parse(toDemoArgs(options))).toEqual(options);
    expect(parse(toDemoArgs(defaultDemoOptions()))).toEqual(defaultDemoOptions());
  });
});
