/** The control actions that set a paused room up for a demo run: the options as the room's settings. */
import { DEFAULT_KEYFRAME_EVERY, defaultRoomSettings, type ControlAction } from '@canopy/protocol';
import { datasetEntry } from '../../browser-node/src/training/data/datasets';
import { roomDelayMs } from '../../../packages/harness/src/device-testbed';
import type { DemoOptions } from './options';

type RoomOptions = Pick<DemoOptions, 'algo' | 'params' | 'compression' | 'dataset' | 'model' | 'lr' | 'batch' | 'nonIid' | 'loss'> & Partial<Pick<DemoOptions, 'devices'>>;

/** Pause first, so every tab joins and prepares before time zero (the resume); then the settings asked for. */
export function roomSetupActions(options: RoomOptions): ControlAction[] {
  // A dataset has its own step and batch (the text task's are not the classifiers'); flags override them.
  const defaults = datasetEntry(options.dataset) ?? defaultRoomSettings().algorithm;
  const actions: ControlAction[] = [
    { type: 'pause' },
    {
      type: 'algorithm',
      name: options.algo,
      learningRate: options.lr ?? defaults.learningRate,
      batchSize: options.batch ?? defaults.batchSize,
      params: { ...options.params },
    },
  ];
  const room = defaultRoomSettings();
  if (options.dataset !== room.dataset || options.model !== room.model) actions.push({ type: 'dataset', dataset: options.dataset, model: options.model });
  if (options.compression !== 'none') actions.push({ type: 'compression', name: options.compression, keyframeEvery: DEFAULT_KEYFRAME_EVERY });
  if (options.nonIid !== undefined) actions.push({ type: 'partition', partition: { kind: 'dirichlet', alpha: options.nonIid } });
  if (options.loss > 0) actions.push({ type: 'loss', p: options.loss });
  // Emulated devices: the kernel here has no netem, so their latency is the room's injected delay.
  if (options.devices !== undefined && options.devices.rttMs > 0) actions.push({ type: 'delay', meanMs: roomDelayMs(options.devices), jitterMs: 0 });
  return actions;
}
