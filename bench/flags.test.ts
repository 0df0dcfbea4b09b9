import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './flags';

describe('parseBenchArgs', () => {
  it('words name sections; --flag value and --flag=value are options', () => {
    const parsed = parseBenchArgs(['join-storm', '--instances', '2', 'codec', '--clients=2000']);
    expect(parsed.sections).toEqual(['join-storm', 'codec']);
    expect(Object.fromEntries(parsed.flags)).toEqual({ instances: '2', clients: '2000' });
  });

  it('a flag without a value is an error, not a section', () => {
    expect(() => parseBenchArgs(['join-storm', '--instances'])).toThrow(/--instances needs a value/);
    expect(() => parseBenchArgs(['--instances', '--clients', '5'])).toThrow(/--instances needs a value/);
  });
});
