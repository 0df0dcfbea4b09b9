/**
 * An instance that dies cannot remove its tabs from the rooms it shared: the survivors do. Every sweep lists
 * the sockets connected anywhere (through the adapter) and takes out the members and watchers whose socket is
 * not among them at two sweeps in a row (a join in flight is never mistaken for a departed tab). Tabs that
 * reconnect elsewhere first take their place back with their resume secret (join.ts) and are not touched.
 */
import type { ServerContext } from '../context';

export const SWEEP_INTERVAL_MS = 2000;

export class DepartedSocketSweeper {
  /** Socket ids missing at the last sweep. */
  private missing = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly ctx: ServerContext) {}

  start(intervalMs = SWEEP_INTERVAL_MS): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.sweep()
        .catch((error: unknown) => this.ctx.logger.warn('sweeping departed sockets failed; next time', { error }))
        .finally(() => (this.running = false));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    const { io, store } = this.ctx;
    const live = new Set((await io.fetchSockets()).map((socket) => socket.id));
    const missing = new Set<string>();
    let removed = 0;
    for (const { name } of await store.list()) {
      const room = await store.get(name);
      if (room === undefined) continue;
      const gone = [...room.memberList().map((m) => m.socketId), ...room.watchers].filter((id) => !live.has(id));
      for (const id of gone) missing.add(id);
      const confirmed = new Set(gone.filter((id) => this.missing.has(id)));
      if (confirmed.size === 0) continue;
      const updated = await store.update(name, (current) => {
        let count = 0;
        for (const member of current.memberList()) if (confirmed.has(member.socketId) && current.leave(member.peerId) !== undefined) count++;
        for (const id of confirmed) if (current.watchers.delete(id)) count++;
        return count;
      });
      if (updated === undefined || updated.value === 0) continue;
      removed += updated.value;
      this.ctx.topologies.schedule(updated.room);
      this.ctx.logger.info('removed tabs of a departed server instance', { room: name, count: updated.value });
      await store.release(name);
    }
    this.missing = missing;
    return removed;
  }
}
