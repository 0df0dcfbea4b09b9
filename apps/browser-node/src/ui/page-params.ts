/** The node page's URL: http://HOST:PORT/?room=NAME[&backend=webgl|wasm|...][&name=DISPLAY NAME]. */
import { DisplayNameSchema, RoomNameSchema } from '@canopy/protocol';
import { isBackendName, type BackendName } from '../training';

export interface PageParams {
  readonly room: string;
  readonly backend?: BackendName;
  readonly displayName: string;
}

export type ParsedParams = { readonly ok: true; readonly params: PageParams } | { readonly ok: false; readonly problem: string };

export function parsePageParams(search: string, fallbackName: string): ParsedParams {
  const query = new URLSearchParams(search);
  const room = query.get('room');
  if (room === null || room === '') return { ok: false, problem: 'No room given: open this page as /?room=NAME (optionally &backend=webgl|wasm|cpu|webgpu and &name=YOU).' };
  if (!RoomNameSchema.safeParse(room).success) return { ok: false, problem: `Room name "${room.slice(0, 80)}" is not valid: use 1–64 letters, digits, "-" or "_".` };
  const backend = query.get('backend');
  if (backend !== null && !isBackendName(backend)) return { ok: false, problem: `Unknown backend "${backend.slice(0, 40)}": use webgpu, webgl, wasm or cpu (or leave it out to measure).` };
  const name = query.get('name');
  const displayName = name !== null && DisplayNameSchema.safeParse(name).success ? name : fallbackName;
  return { ok: true, params: { room, displayName, ...(backend === null ? {} : { backend }) } };
}
