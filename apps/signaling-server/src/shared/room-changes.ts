/** Another instance changed a room: push the new views to this instance's own members and dashboards. */
import { RoomNameSchema } from '@canopy/protocol';
import type { ServerContext } from '../context';

export function followRoomChange(ctx: ServerContext, room: unknown): void {
  const name = RoomNameSchema.safeParse(room);
  if (!name.success) {
    ctx.logger.warn('ignored a malformed room-changed message from another instance', { room: String(room).slice(0, 80) });
    return;
  }
  ctx.store.get(name.data).then(
    (current) => {
      if (current !== undefined) ctx.topologies.schedule(current, false);
    },
    (error: unknown) => ctx.logger.error('reading a room another instance changed failed', { room: name.data, error }),
  );
}
