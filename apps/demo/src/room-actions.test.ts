import { ControlActionSchema, initialRoomState, type RoomState } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { applyControl } from '../../signaling-server/src/room-control';
import { defaultDemoOptions, demoProgram, parseDemoArgs } from './options';
import { roomSetupActions } from './room-actions';

const quiet = () => demoProgram().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });

/** The room state the server ends up with after the demo's setup actions (its own pure control logic). */
function roomAfter(args: string[]): RoomState {
  let state = initialRoomState();
  for (const action of roomSetupActions(parseDemoArgs(args, quiet()))) {
    expect(ControlActionSchema.safeParse(action).success).toBe(true);
    const outcome = applyControl(state, action, () => true);
    if (!outcome.ok) throw new Error(outcome.error.message);
    state = outcome.value.state;
  }
  return state;
}

describe('roomSetupActions', () => {
  it('starts paused and keeps the room defaults when no flag asks otherwise', () => {
    const state = roomAfter([]);
    const defaults = initialRoomState().settings;
    expect(state.paused).toBe(true);
    expect(state.settings.algorithm).toEqual({ ...defaults.algorithm, params: {} });
    expect(state.settings.compression).toEqual(defaults.compression);
    expect(state.faults.loss.p).toBe(0);
    expect(roomSetupActions(defaultDemoOptions())[0]).toEqual({ type: 'pause' });
  });

  it('puts --param into the room\'s algorithm settings, for the chosen algorithm only', () => {
    const state = roomAfter(['--algo', 'overlap-local-sgd', '--param', 'tau=3', '--param', 'overlap-local-sgd.alpha=0.5', '--lr', '0.1']);
    expect(state.settings.algorithm).toMatchObject({ name: 'overlap-local-sgd', learningRate: 0.1, params: { tau: 3, alpha: 0.5 } });
  });

  it('sets the dataset and model when asked (MNIST and the MLP by default)', () => {
    expect(roomAfter([]).settings).toMatchObject({ dataset: 'mnist', model: 'mlp' });
    expect(roomAfter(['--dataset', 'fashion-mnist']).settings).toMatchObject({ dataset: 'fashion-mnist', model: 'mlp' });
    expect(roomAfter(['--model', 'cnn']).settings).toMatchObject({ dataset: 'mnist', model: 'cnn' });
    expect(() => parseDemoArgs(['--dataset', 'cifar10'], quiet())).toThrow(/cifar10/);
  });

  it('sets compression, label skew and loss when asked', () => {
    const state = roomAfter(['--compression', 'q8', '--non-iid', '0.3', '--loss', '0.2']);
    expect(state.settings.compression.name).toBe('q8');
    expect(state.settings.partition).toEqual({ kind: 'dirichlet', alpha: 0.3 });
    expect(state.faults.loss.p).toBe(0.2);
    expect(state.paused).toBe(true);
  });
});
