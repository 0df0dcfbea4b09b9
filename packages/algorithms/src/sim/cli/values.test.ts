import { describe, expect, it } from 'vitest';
import { burstLoss, lossProbability, meanJitter, nameList, straggler, timedNode } from './values';

describe('flag value parsers', () => {
  it('parse the documented forms', () => {
    expect(lossProbability('0.3')).toBe(0.3);
    expect(meanJitter('', true)('0.5:0.1')).toEqual({ mean: 0.5, jitter: 0.1 });
    expect(meanJitter('', false)('2')).toEqual({ mean: 2, jitter: 0 });
    expect(burstLoss('0.1:0.5:0:0.8')).toEqual({ kind: 'gilbert-elliott', pGoodToBad: 0.1, pBadToGood: 0.5, lossGood: 0, lossBad: 0.8 });
    expect(straggler('4:3', straggler('3:4', []))).toEqual([{ node: 3, factor: 4 }, { node: 4, factor: 3 }]);
    expect(timedNode('12.5:2', [])).toEqual([{ at: 12.5, node: 2 }]);
    expect(nameList(['a', 'b', 'c'])('c, a')).toEqual(['c', 'a']);
  });

  it.each([
    [() => lossProbability('1'), '[0, 1)'],
    [() => lossProbability('-0.1'), '[0, 1)'],
    [() => lossProbability('abc'), 'probability'],
    [() => meanJitter('mean[:jitter]', true)('1:1.5'), 'expected mean[:jitter], got "1:1.5"'],
    [() => meanJitter('base[:jitter]', false)('0'), 'positive'],
    [() => burstLoss('0.1:0:0:1'), 'pGB:pBG:lossGood:lossBad'],
    [() => burstLoss('0.1:0.5:0'), 'pGB:pBG:lossGood:lossBad'],
    [() => straggler('x', []), 'node:factor'],
    [() => straggler('1.5:2', []), 'node:factor'],
    [() => straggler('1:0', []), 'node:factor'],
    [() => timedNode('5', []), 't:node'],
    [() => nameList(['a', 'b'])('a,zz'), 'accepted: a, b'],
    [() => nameList(['a', 'b'])('a,a'), 'duplicate'],
  ])('reject bad input with the accepted form (%#)', (parse, accepted) => {
    expect(parse).toThrow(accepted);
  });
});
