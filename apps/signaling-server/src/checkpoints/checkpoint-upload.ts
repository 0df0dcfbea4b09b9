/**
 * `POST /api/rooms/NAME/checkpoint`: the room's root uploads the weights it just evaluated. Everything is
 * checked before the stored checkpoint is replaced: who (a member proving its id with its resume secret, and
 * the root, whose model is the consensus), what (the room's current run, dataset and model; exactly that
 * model's parameter count; every value finite), how much (a byte limit read as the body arrives) and how often.
 * A refusal is answered with a reason, counted, and keeps the stored checkpoint.
 */
import type { IncomingMessage } from 'node:http';
import { CHECKPOINT_HEADERS, CheckpointMetaSchema, MAX_CHECKPOINT_BYTES, MODEL_PARAMETERS, type StoredCheckpoint } from '@canopy/protocol';
import { resumeSecretMatches } from '../resume-secret';
import type { RoomStore } from '../room-store';
import type { CheckpointStore } from './checkpoint-store';

/** One upload per room per this long (the root offers one every ~10 s). */
export const MIN_UPLOAD_INTERVAL_MS = 2_000;

export type UploadOutcome =
  | { readonly ok: true; readonly checkpoint: StoredCheckpoint }
  | { readonly ok: false; readonly status: number; readonly reason: UploadRefusal; readonly message: string };

export type UploadRefusal = 'unknown-room' | 'unauthorized' | 'not-root' | 'bad-meta' | 'stale-run' | 'bad-size' | 'too-large' | 'not-finite' | 'too-often';

export interface UploadDeps {
  readonly rooms: RoomStore;
  readonly checkpoints: CheckpointStore;
  readonly serverKey: Buffer;
  readonly now: () => number;
  /** Per room, when its last checkpoint was stored. */
  readonly lastStoredAt: Map<string, number>;
}

const refuse = (status: number, reason: UploadRefusal, message: string): UploadOutcome => ({ ok: false, status, reason, message });

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body, or null once it passes `limit` bytes (the rest is not read). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

export async function receiveCheckpoint(deps: UploadDeps, req: IncomingMessage, roomName: string): Promise<UploadOutcome> {
  const room = await deps.rooms.get(roomName);
  if (room === undefined) return refuse(404, 'unknown-room', `no room ${roomName}`);
  const peerId = header(req, CHECKPOINT_HEADERS.peer);
  const secret = header(req, CHECKPOINT_HEADERS.secret);
  if (peerId === undefined || secret === undefined || room.member(peerId) === undefined || !resumeSecretMatches(deps.serverKey, roomName, peerId, secret)) {
    return refuse(403, 'unauthorized', 'only a member of the room, proving its id with its resume secret, may upload');
  }
  if (room.topology?.root !== peerId) return refuse(403, 'not-root', 'only the root uploads: its model is the consensus');
  let metaJson: unknown;
  try {
    metaJson = JSON.parse(header(req, CHECKPOINT_HEADERS.meta) ?? '');
  } catch {
    return refuse(400, 'bad-meta', `${CHECKPOINT_HEADERS.meta} is not JSON`);
  }
  const meta = CheckpointMetaSchema.safeParse(metaJson);
  if (!meta.success) return refuse(400, 'bad-meta', meta.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 500));
  const { settings, runId } = room.state;
  if (meta.data.runId !== runId || meta.data.dataset !== settings.dataset || meta.data.model !== settings.model) {
    return refuse(409, 'stale-run', `the room is on run ${runId} (${settings.dataset}, ${settings.model})`);
  }
  const parameterCount = MODEL_PARAMETERS[meta.data.model];
  if (parameterCount === undefined) return refuse(400, 'bad-meta', `unknown model ${meta.data.model}`);
  const expectedBytes = parameterCount * 4;
  if (expectedBytes > MAX_CHECKPOINT_BYTES) return refuse(413, 'too-large', `a ${meta.data.model} checkpoint exceeds ${MAX_CHECKPOINT_BYTES} bytes`);
  const last = deps.lastStoredAt.get(roomName);
  if (last !== undefined && deps.now() - last < MIN_UPLOAD_INTERVAL_MS) return refuse(429, 'too-often', `at most one checkpoint per ${MIN_UPLOAD_INTERVAL_MS} ms`);
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > expectedBytes) return refuse(413, 'too-large', `${declared} bytes for ${parameterCount} float32 values`);
  const body = await readBody(req, expectedBytes);
  if (body === null) return refuse(413, 'too-large', `more than ${expectedBytes} bytes for ${parameterCount} float32 values`);
  if (body.length !== expectedBytes) return refuse(400, 'bad-size', `${body.length} bytes; a ${meta.data.model} checkpoint is ${expectedBytes}`);
  const values = new Float32Array(parameterCount);
  new Uint8Array(values.buffer).set(body);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return refuse(400, 'not-finite', `value ${i} is not finite`);
  }
  const checkpoint: StoredCheckpoint = { ...meta.data, room: roomName, peerId, parameterCount, at: deps.now() };
  await deps.checkpoints.save({ meta: checkpoint, values });
  deps.lastStoredAt.set(roomName, deps.now());
  return { ok: true, checkpoint };
}
