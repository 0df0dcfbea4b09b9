import { initialRoomState, noFaults } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import {
  algorithmAction,
  compressionAction,
  configuredLoss,
  datasetAction,
  delayAction,
  globalLossAction,
  linkLossAction,
  roundLoss,
  stragglerAction,
  topologyAction,
} from './control-actions';

describe('control actions', () => {
  it('sends the global loss alone, clamped to the slider and rounded to its step', () => {
    expect(globalLossAction(0.30000000000000004)).toEqual({ ok: true, value: { type: 'loss', p: 0.3 } });
    expect(roundLoss(5)).toBe(0.9);
    expect(roundLoss(-1)).toBe(0);
  });

  it('sets and clears one link override, keeping the others and the global p', () => {
    const loss = { ...noFaults().loss, p: 0.1, links: [{ from: 'a', to: 'b', p: 0.5 }] };
    const set = linkLossAction(loss, 'b', 'a', 0.8);
    expect(set).toEqual({ ok: true, value: { type: 'loss', p: 0.1, links: [{ from: 'a', to: 'b', p: 0.5 }, { from: 'b', to: 'a', p: 0.8 }] } });
    expect(linkLossAction(loss, 'a', 'b', null)).toEqual({ ok: true, value: { type: 'loss', p: 0.1, links: [] } });
    expect(configuredLoss(loss, 'a', 'b')).toBe(0.5);
    expect(configuredLoss(loss, 'b', 'a')).toBe(0.1);
  });

  it('refuses what the server would refuse, with the schema reason', () => {
    expect(delayAction(Number.NaN, 0)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(delayAction(50, 10)).toEqual({ ok: true, value: { type: 'delay', meanMs: 50, jitterMs: 10 } });
    expect(stragglerAction('a', 0.5).ok).toBe(false);
    expect(topologyAction('two-trees', 0).ok).toBe(false);
  });

  it('switches algorithm with the room learning rate unless another is given', () => {
    const state = initialRoomState();
    expect(algorithmAction(state, 'naive')).toEqual({
      ok: true,
      value: { type: 'algorithm', name: 'naive', learningRate: state.settings.algorithm.learningRate, batchSize: state.settings.algorithm.batchSize },
    });
    expect(algorithmAction(state, 'allreduce', 0.2)).toMatchObject({ ok: true, value: { learningRate: 0.2 } });
  });

  it('sends the hyper-parameters given, none for the defaults', () => {
    const state = initialRoomState();
    expect(algorithmAction(state, 'rfast', 0.1, { stableDelay: 20 })).toMatchObject({ ok: true, value: { name: 'rfast', params: { stableDelay: 20 } } });
    const defaults = algorithmAction(state, 'rfast', 0.1, {});
    expect(defaults.ok && 'params' in defaults.value).toBe(false);
  });

  it('switches compression keeping the room keyframe cadence and codec knobs', () => {
    const initial = initialRoomState();
    const state = { ...initial, settings: { ...initial.settings, compression: { name: 'topk' as const, keyframeEvery: 5, ratio: 0.1 } } };
    expect(compressionAction(state, 'q8')).toEqual({ ok: true, value: { type: 'compression', name: 'q8', keyframeEvery: 5, ratio: 0.1 } });
  });

  it('sends the fan-out only for two trees', () => {
    expect(topologyAction('ring', 3)).toEqual({ ok: true, value: { type: 'topology', kind: 'ring' } });
    expect(topologyAction('two-trees', 3)).toEqual({ ok: true, value: { type: 'topology', kind: 'two-trees', fanOut: 3 } });
  });

  it('switches dataset and model together; an empty name is refused before it is sent', () => {
    expect(datasetAction('fashion-mnist', 'mlp')).toEqual({ ok: true, value: { type: 'dataset', dataset: 'fashion-mnist', model: 'mlp', learningRate: 0.05, batchSize: 32 } });
    // Text starts at the task's own step and batch; an image model on text is refused before it leaves.
    expect(datasetAction('moby-dick', 'transformer')).toEqual({ ok: true, value: { type: 'dataset', dataset: 'moby-dick', model: 'transformer', learningRate: 0.3, batchSize: 16 } });
    const wrong = datasetAction('moby-dick', 'mlp');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toContain('trains with transformer, not mlp');
    expect(datasetAction('', 'mlp').ok).toBe(false);
  });
});
