import { describe, expect, it } from 'vitest';
import { choiceFlag, parseBenchArgs } from './flags';

describe('parseBenchArgs', () => {
  it('words name sections; --flag value and --flag=value are options', () => {
    const parsed = parseBenchArgs(['join-storm', '--instances', '2', 'codec', '--clients=2000']);
    expect(parsed.sections).toEqual(['join-storm', 'codec']);
    expect(Object.fromEntries(parsed.flags)).toEqual({ instances: '2', clients: '2000' });
  });

  it('a choice flag names one of its choices, is undefined when absent, and refuses anything else by name', () => {
    const tasks = ['mnist-mlp', 'moby-dick-transformer'] as const;
    expect(choiceFlag('task', tasks, ['scaling', '--task', 'moby-dick-transformer'])).toBe('moby-dick-transformer');
    expect(choiceFlag('task', tasks, ['scaling'])).toBeUndefined();
    expect(() => choiceFlag('task', tasks, ['scaling', '--task', 'cifar'])).toThrow(/--task cifar: expected one of mnist-mlp, moby-dick-transformer/);
  });

  it('a flag without a value is an error, not a section', () => {
    expect(() => parseBenchArgs(['join-storm', '--instances'])).toThrow(/--instances needs a value/);
    expect(() => parseBenchArgs(['--instances', '--clients', '5'])).toThrow(/--instances needs a value/);
  });
});
