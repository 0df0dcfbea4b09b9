/** Applies one control action to a room's state: pure, so every rule is testable without sockets. */
import type { ControlAction, PeerId, Result, RoomState } from '@canopy/protocol';
import { roomAlgorithmParams, signalingError } from '@canopy/protocol';

export interface ControlOutcome {
  readonly state: RoomState;
  /** The graphs must be rebuilt (new epoch) with state.settings.topology. */
  readonly rebuildTopology: boolean;
}

function newRun(state: RoomState): RoomState {
  return { ...state, runId: state.runId + 1 };
}

/** What a rollback needs to know about the run it goes back to (the server's checkpoint history). */
export type RunCheckpointLookup = (runId: number) => { readonly dataset: string; readonly model: string } | undefined;

export function applyControl(
  state: RoomState,
  action: ControlAction,
  isMember: (peer: PeerId) => boolean,
  checkpointOf: RunCheckpointLookup = () => undefined,
): Result<ControlOutcome> {
  const ok = (next: RoomState, rebuildTopology = false): Result<ControlOutcome> => ({ ok: true, value: { state: next, rebuildTopology } });
  const { settings, faults } = state;
  switch (action.type) {
    case 'loss': {
      const links = action.links ?? faults.loss.links;
      const stranger = links.flatMap((link) => [link.from, link.to]).find((peer) => !isMember(peer));
      if (stranger !== undefined) return { ok: false, error: signalingError('unknown-peer', `peer ${stranger} is not in this room`) };
      const burst = action.burst === undefined ? faults.loss.burst : action.burst;
      return ok({ ...state, faults: { ...faults, loss: { p: action.p, links, burst } } });
    }
    case 'delay':
      return ok({ ...state, faults: { ...faults, delay: { meanMs: action.meanMs, jitterMs: action.jitterMs } } });
    case 'straggler': {
      if (!isMember(action.peer)) return { ok: false, error: signalingError('unknown-peer', `peer ${action.peer} is not in this room`) };
      const others = faults.stragglers.filter((s) => s.peer !== action.peer);
      const stragglers = action.factor === 1 ? others : [...others, { peer: action.peer, factor: action.factor }];
      return ok({ ...state, faults: { ...faults, stragglers } });
    }
    case 'pause':
      return ok({ ...state, paused: true });
    case 'resume':
      return ok({ ...state, paused: false });
    case 'lock':
      return ok({ ...state, locked: action.locked });
    case 'reset':
      return ok(newRun(state));
    case 'rollback': {
      const checkpoint = checkpointOf(action.runId);
      if (checkpoint === undefined) return { ok: false, error: signalingError('bad-request', `no checkpoint of run ${action.runId} is kept`) };
      // That run's task, so its weights fit; the algorithm and faults stay as they are now.
      return ok({ ...newRun(state), settings: { ...settings, dataset: checkpoint.dataset, model: checkpoint.model } });
    }
    case 'algorithm': {
      const algorithm = {
        name: action.name,
        learningRate: action.learningRate,
        batchSize: action.batchSize ?? settings.algorithm.batchSize,
        params: roomAlgorithmParams(action.name, action.params),
      };
      return ok(newRun({ ...state, settings: { ...settings, algorithm } }));
    }
    case 'compression': {
      const { type: _type, ...compression } = action;
      return ok(newRun({ ...state, settings: { ...settings, compression } }));
    }
    case 'topology': {
      const topology = { kind: action.kind, fanOut: action.fanOut ?? settings.topology.fanOut };
      return ok({ ...state, settings: { ...settings, topology } }, true);
    }
    case 'partition':
      return ok(newRun({ ...state, settings: { ...settings, partition: action.partition } }));
    case 'dataset': {
      const algorithm = {
        ...settings.algorithm,
        ...(action.learningRate === undefined ? {} : { learningRate: action.learningRate }),
        ...(action.batchSize === undefined ? {} : { batchSize: action.batchSize }),
      };
      return ok(newRun({ ...state, settings: { ...settings, dataset: action.dataset, model: action.model, algorithm } }));
    }
    case 'step-out':
    case 'kick':
      // Membership, not state: Room.control removes and bans the peer.
      if (!isMember(action.peer)) return { ok: false, error: signalingError('unknown-peer', `peer ${action.peer} is not in this room`) };
      return ok(state);
    default: {
      const unknown: never = action;
      return { ok: false, error: signalingError('bad-request', `unknown control action ${String(unknown)}`) };
    }
  }
}
