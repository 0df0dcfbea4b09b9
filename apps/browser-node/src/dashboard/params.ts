/** The dashboard's URL: /dashboard?room=NAME[&token=ADMIN]. The token only unlocks the controls shown here. */
import { RoomNameSchema, TokenSchema } from '@canopy/protocol';

export interface DashboardParams {
  readonly room: string;
  /** null: a read-only dashboard (no controls). */
  readonly token: string | null;
}

export type ParamsResult = { readonly ok: true; readonly value: DashboardParams } | { readonly ok: false; readonly reason: string };

export function parseDashboardParams(search: string): ParamsResult {
  const params = new URLSearchParams(search);
  const room = params.get('room');
  if (room === null || room === '') return { ok: false, reason: 'missing ?room=NAME in the address' };
  if (!RoomNameSchema.safeParse(room).success) return { ok: false, reason: `bad room name "${room.slice(0, 80)}": use 1-64 of [a-zA-Z0-9_-]` };
  const token = params.get('token');
  if (token === null || token === '') return { ok: true, value: { room, token: null } };
  if (!TokenSchema.safeParse(token).success) return { ok: false, reason: 'the admin token is too long' };
  return { ok: true, value: { room, token } };
}
