/** Wires one socket: its rate limiters, a handler per client event, unknown events, and disconnect. */
import { isClientEventName, signalingError } from '@canopy/protocol';
import type { ServerContext } from './context';
import { authorizeControl, controlHandler } from './handlers/control';
import { joinHandler } from './handlers/join';
import { leaveHandler } from './handlers/leave';
import { departPeer, stopWatching } from './handlers/membership';
import { metricsHandler } from './handlers/metrics';
import { signalHandler } from './handlers/signal';
import { watchHandler } from './handlers/watch';
import { onEvent } from './handlers/wrap';
import { attachLimits, limitsOf } from './socket-limits';
import type { SignalingSocket } from './types';

export function handleConnection(ctx: ServerContext, socket: SignalingSocket): void {
  attachLimits(socket, { events: ctx.options.eventRate, metrics: ctx.options.metricsRate });

  onEvent(ctx, socket, 'join', joinHandler(ctx));
  onEvent(ctx, socket, 'leave', leaveHandler(ctx));
  onEvent(ctx, socket, 'signal', signalHandler(ctx));
  onEvent(ctx, socket, 'metrics', metricsHandler(ctx));
  onEvent(ctx, socket, 'watch', watchHandler(ctx));
  onEvent(ctx, socket, 'control', controlHandler(ctx), (payload) => authorizeControl(ctx, payload));

  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (isClientEventName(event)) return;
    ctx.counters.unknownEvents += 1;
    limitsOf(socket).events.take();
    const ack = args[args.length - 1];
    if (typeof ack === 'function') {
      try {
        (ack as (response: unknown) => void)({ ok: false, error: signalingError('bad-request', 'unknown event') });
      } catch (cause) {
        ctx.logger.error('answering an unknown event failed', { socket: socket.id, error: cause });
      }
    }
  });

  socket.on('disconnect', () => {
    Promise.all([departPeer(ctx, socket), stopWatching(ctx, socket)]).catch((cause: unknown) => {
      ctx.counters.handlerErrors += 1;
      ctx.logger.error('cleanup after disconnect failed', { socket: socket.id, error: cause });
    });
  });
}
