import type { ControlAck, Result } from '@canopy/protocol';
import { pushState } from '../broadcast';
import type { ServerContext } from '../context';
import { tokensMatch } from '../token';
import { disconnectEvicted, stepOut } from './membership';
import { accept, refuse, type EventHandler } from './wrap';

/**
 * Checked before schema validation, so a caller without the token learns nothing but 'unauthorized'
 * (a missing token included).
 */
export function authorizeControl(ctx: ServerContext, payload: unknown): Result<Record<never, never>> {
  const token = typeof payload === 'object' && payload !== null && Object.hasOwn(payload, 'token') ? (payload as { token: unknown }).token : undefined;
  if (typeof token !== 'string' || !tokensMatch(ctx.options.adminToken, token)) {
    return refuse('unauthorized', 'control needs the admin token');
  }
  return accept({});
}

export function controlHandler(ctx: ServerContext): EventHandler<'control', ControlAck> {
  return async (_socket, request) => {
    const name = request.room;
    const { action } = request;
    // A rollback names a run whose checkpoint must exist: read before the (synchronous) room change.
    const from = action.type === 'rollback' ? await ctx.checkpoints.loadRun(name, action.runId) : undefined;
    const updated = await ctx.store.update(name, (room) => room.control(action, (runId) => (runId === from?.meta.runId ? from.meta : undefined)), {});
    if (updated === undefined) return refuse('room-full', 'the server holds too many rooms');
    const { room, value: result } = updated;
    if (!result.ok) {
      await ctx.store.release(name);
      return result;
    }
    if (from !== undefined) {
      // The chosen weights become the new run's checkpoint before any tab hears of the run: each starts from them.
      await ctx.checkpoints.save({ meta: { ...from.meta, runId: result.value.state.runId, at: Date.now() }, values: from.values });
    }
    pushState(ctx.io, room);
    if (result.value.evicted !== undefined) disconnectEvicted(ctx, room, result.value.evicted, 'the admin removed this tab');
    if (result.value.steppedOut !== undefined) stepOut(ctx, room, result.value.steppedOut.member, result.value.steppedOut.seconds);
    if (result.value.topologyChanged) ctx.topologies.schedule(room);
    ctx.logger.info('control applied', { room: name, action: request.action.type, runId: room.state.runId });
    return accept({ state: result.value.state });
  };
}
