/**
 * Control actions built from what the teacher set in the UI, validated with the protocol's schema before they
 * leave (a bad input is reported here with the schema's reason, not sent to be refused).
 */
import {
  ControlActionSchema,
  signalingError,
  validate,
  type CompressorName,
  type ControlAction,
  type LinkLoss,
  type LossSettings,
  type PeerId,
  type Result,
  type RoomState,
  type SignalingAlgorithmName,
  type TopologyKind,
} from '@canopy/protocol';
import { datasetEntry } from '../training/data/datasets';

/** The global loss slider's range (a higher loss makes a demo, not a lesson: nothing gets through). */
export const LOSS_SLIDER = { min: 0, max: 0.9, step: 0.05 } as const;

const checked = (action: ControlAction): Result<ControlAction> => validate(ControlActionSchema, action);

/** Rounded to the slider's step so that a drag does not send 0.30000000000000004. */
export function roundLoss(p: number): number {
  const clamped = Math.min(LOSS_SLIDER.max, Math.max(LOSS_SLIDER.min, p));
  return Number((Math.round(clamped / LOSS_SLIDER.step) * LOSS_SLIDER.step).toFixed(2));
}

/** Only the global p changes: per-link overrides and the burst model stay as the room has them. */
export function globalLossAction(p: number): Result<ControlAction> {
  return checked({ type: 'loss', p: roundLoss(p) });
}

/** The loss a directed link is set to: its override, else the global p. */
export function configuredLoss(loss: LossSettings, from: PeerId, to: PeerId): number {
  return loss.links.find((link) => link.from === from && link.to === to)?.p ?? loss.p;
}

/** Sets (p a number) or clears (p null) one directed link's override, keeping every other override. */
export function linkLossAction(loss: LossSettings, from: PeerId, to: PeerId, p: number | null): Result<ControlAction> {
  const others = loss.links.filter((link) => !(link.from === from && link.to === to));
  const links: LinkLoss[] = p === null ? others : [...others, { from, to, p: Math.min(1, Math.max(0, p)) }];
  return checked({ type: 'loss', p: loss.p, links });
}

export function delayAction(meanMs: number, jitterMs: number): Result<ControlAction> {
  return checked({ type: 'delay', meanMs, jitterMs });
}

/** Removes a tab from the room for good (the server bans its id there). */
export function kickAction(peer: PeerId): Result<ControlAction> {
  return checked({ type: 'kick', peer });
}

/** Takes a tab out of the room for `seconds`; it rejoins by itself as an ordinary member. */
export function stepOutAction(peer: PeerId, seconds: number): Result<ControlAction> {
  return checked({ type: 'step-out', peer, seconds });
}

/** A new run from the newest checkpoint of an earlier run (the server keeps the last few). */
export function rollbackAction(runId: number): Result<ControlAction> {
  return checked({ type: 'rollback', runId });
}

export function stragglerAction(peer: PeerId, factor: number): Result<ControlAction> {
  return checked({ type: 'straggler', peer, factor });
}

/**
 * Keeps the room's learning rate and batch size unless given: switching algorithm is a fair comparison.
 * Hyper-parameters are the algorithm's own, so they are never carried over: given or the defaults.
 */
export function algorithmAction(state: RoomState, name: SignalingAlgorithmName, learningRate?: number, params?: Readonly<Record<string, number>>): Result<ControlAction> {
  const current = state.settings.algorithm;
  const own = params !== undefined && Object.keys(params).length > 0 ? { params: { ...params } } : {};
  return checked({ type: 'algorithm', name, learningRate: learningRate ?? current.learningRate, batchSize: current.batchSize, ...own });
}

export function topologyAction(kind: TopologyKind, fanOut: number): Result<ControlAction> {
  return checked(kind === 'two-trees' ? { type: 'topology', kind, fanOut } : { type: 'topology', kind });
}

export function simpleAction(type: 'pause' | 'resume' | 'reset'): Result<ControlAction> {
  return checked({ type });
}

/** Locked: the server refuses new tabs; the room's members keep their places and may reconnect. */
export function lockAction(locked: boolean): Result<ControlAction> {
  return checked({ type: 'lock', locked });
}

/** Keeps the room's keyframe cadence and codec knobs; only the compressor changes (a new run starts). */
export function compressionAction(state: RoomState, name: CompressorName): Result<ControlAction> {
  return checked({ type: 'compression', ...state.settings.compression, name });
}

/** Another dataset or model: a new run on every node (the room's other settings stay). */
/** A new run on `dataset` with `model`, at the data's own step size and batch; a model that cannot read the data is refused here. */
export function datasetAction(dataset: string, model: string): Result<ControlAction> {
  const entry = datasetEntry(dataset);
  if (entry !== undefined && !(entry.models as readonly string[]).includes(model)) {
    return { ok: false, error: signalingError('bad-request', `${entry.label} trains with ${entry.models.join(' or ')}, not ${model}`) };
  }
  const task = entry === undefined ? {} : { learningRate: entry.learningRate, batchSize: entry.batchSize };
  return checked({ type: 'dataset', dataset, model, ...task });
}
