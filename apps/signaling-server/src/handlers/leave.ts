import type { ServerContext } from '../context';
import { departPeer } from './membership';
import { accept, refuse, type EventHandler } from './wrap';

export function leaveHandler(ctx: ServerContext): EventHandler<'leave', Record<never, never>> {
  return async (socket) => ((await departPeer(ctx, socket)) ? accept({}) : refuse('not-joined', 'this socket has not joined a room'));
}
