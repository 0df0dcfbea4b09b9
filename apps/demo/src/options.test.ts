import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { defaultDemoOptions, demoProgram, parseDemoArgs, toDemoArgs, type DemoOptions } from './options';

/** A program that throws instead of printing, so tests stay quiet. */
const quiet = () => demoProgram().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
const parse = (args: string[]): DemoOptions => parseDemoArgs(args, quiet());

describe('parseDemoArgs', () => {
  it('has the documented defaults', () => {
    expect(defaultDemoOptions()).toEqual({
      tabs: 4, algo: 'rfast', params: {}, compression: 'none', dataset: 'mnist', model: 'mlp', lr: undefined, batch: undefined, loss: 0, straggler: 1, nonIid: undefined, duration: 90,
      room: 'demo', out: 'results/demo', target: 0.9, stopAtTarget: false, json: undefined, progress: 'auto', build: true, save: undefined,
    });
  });

  it('reads every flag', () => {
    const options = parse(['--tabs', '6', '--algo', 'local-sgd', '--param', 'H=8', '--compression', 'q8', '--dataset', 'fashion-mnist', '--model', 'cnn', '--lr', '0.1', '--batch', '64', '--loss', '0.3', '--straggler', '4',
      '--non-iid', '0.3', '--duration', '60', '--room', 'class-1', '--out', '/tmp/x', '--target', '0.85', '--stop-at-target',
      '--json', '/tmp/x.json', '--progress', 'lines', '--no-build']);
    expect(options).toEqual({
      tabs: 6, algo: 'local-sgd', params: { H: 8 }, compression: 'q8', dataset: 'fashion-mnist', model: 'cnn', lr: 0.1, batch: 64, loss: 0.3, straggler: 4, nonIid: 0.3, duration: 60, room: 'class-1',
      out: '/tmp/x', target: 0.85, stopAtTarget: true, json: '/tmp/x.json', progress: 'lines', build: false, save: undefined,
    });
  });

  it('times the task\'s own target unless --target says otherwise: 30% next-character accuracy for the language model', () => {
    expect(parse(['--dataset', 'moby-dick']).target).toBe(0.3);
    expect(parse(['--dataset', 'fashion-mnist']).target).toBe(0.9);
    expect(parse(['--dataset', 'moby-dick', '--target', '0.25']).target).toBe(0.25);
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
    [['--compression', 'zip']],
    [['--dataset', 'cifar10']],
  ])('rejects %j', (args) => {
    expect(() => parse(args)).toThrow(CommanderError);
  });

  it.each([
    [['--algo', 'local-sgd', '--param', 'H=0'], 'local-sgd.H must be a positive integer, got 0'],
    [['--algo', 'local-sgd', '--param', 'local-sgd.K=2'], 'local-sgd has no hyper-parameter "K" (accepted: H)'],
    [['--algo', 'synthesis', '--param', 'synthesis.delta=-1'], 'synthesis.delta must be an integer ≥ 0, got -1'],
    [['--param', 'x'], 'expected algo.name=value or name=value'],
  ])('refuses the bad --param in %j, saying what is accepted', (args, problem) => {
    const error = (() => {
      try {
        parse(args);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).message).toContain(problem);
  });

  it.each([
    [['--algo', 'rfast', '--param', 'H=4'], "option '--param': \"H=4\": none of the selected algorithms (rfast) reads H (read by: local-sgd)"],
    [['--algo', 'local-sgd', '--param', 'pc-asgd.theta=1'], 'pc-asgd is not among the selected algorithms (local-sgd)'],
  ])('refuses %j: a setting --algo does not read', (args, problem) => {
    expect(() => parse(args)).toThrow(problem);
  });

  it('keeps the chosen algorithm\'s settings, scoped ones winning', () => {
    expect(parse(['--algo', 'pc-asgd', '--param', 'theta=1', '--param', 'lambda=0', '--param', 'pc-asgd.theta=0']).params).toEqual({ theta: 0, lambda: 0 });
  });

  it('refuses a straggler in a one-tab run (the root is never slowed)', () => {
    expect(() => parse(['--tabs', '1', '--straggler', '4'])).toThrow(/at least 2 tabs/);
  });
});

describe('toDemoArgs', () => {
  it('round-trips through the parser', () => {
    const options = parse(['--tabs', '3', '--algo', 'synthesis', '--param', 'q=12', '--param', 'delta=3', '--compression', 'fp16', '--lr', '0.02', '--non-iid', '0.5', '--stop-at-target', '--json', 'r.json', '--no-build']);
    expect(parse(toDemoArgs(options))).toEqual(options);
    expect(parse(toDemoArgs(defaultDemoOptions()))).toEqual(defaultDemoOptions());
    const onDevices = parse(['--devices', '4', '--device-cores', '0.3', '--device-rtt', '40']);
    expect(parse(toDemoArgs(onDevices))).toEqual(onDevices);
  });
});

describe('--devices', () => {
  it('one tab per emulated device, the laptop profile by default, and no --tabs beside it', () => {
    const options = parse(['--devices', '3']);
    expect(options.tabs).toBe(3);
    expect(options.devices).toEqual({ name: 'custom', cores: 0.2, mbit: 50, rttMs: 20 });
    expect(parse([]).devices).toBeUndefined();
    expect(() => parse(['--devices', '3', '--tabs', '2'])).toThrow(/drop --tabs/);
    expect(() => parse(['--devices', '2', '--device-cores', '0'])).toThrow();
  });
});
