/** Plain HTTP next to socket.io: health, metrics export, and the browser app. */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { RoomNameSchema } from '@canopy/protocol';
import type { ServerCounters } from './counters';
import type { JoinCodes } from './join-codes';
import { receiveCheckpoint, type UploadDeps } from './checkpoints/checkpoint-upload';
import type { Logger } from './logger';
import type { MetricsArchive } from './metrics-archive';
import { metricsToCsv } from './metrics-csv';
import type { RoomStore } from './room-store';
import { serveStatic } from './static-files';

export interface HttpDeps {
  readonly store: RoomStore;
  /** Metrics of rooms the store evicted. */
  readonly archive: MetricsArchive;
  readonly counters: ServerCounters;
  readonly staticDir: string | null;
  readonly logger: Logger;
  readonly startedAt: number;
  readonly joinCodes: JoinCodes;
  /** http://ADDRESS:PORT of each LAN address the server listens on: what a student's laptop can open. */
  readonly lanOrigins: () => string[];
  /** Checkpoint uploads and downloads. */
  readonly checkpoints: Omit<UploadDeps, 'rooms'>;
}

const METRICS_ROUTE = /^\/api\/rooms\/([^/]+)\/metrics\.(csv|json)$/;
const CHECKPOINT_ROUTE = /^\/api\/rooms\/([^/]+)\/checkpoint(\.bin)?$/;
const CHECKPOINTS_ROUTE = /^\/api\/rooms\/([^/]+)\/checkpoints$/;
const JOIN_LINK_ROUTE = /^\/api\/rooms\/([^/]+)\/join-link$/;
const SHORT_LINK_ROUTE = /^\/j\/([^/]+)$/;

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value), { 'Access-Control-Allow-Origin': '*' });
}

async function health(deps: HttpDeps): Promise<Record<string, unknown>> {
  let peers = 0;
  let watchers = 0;
  const rooms = await deps.store.list();
  for (const room of rooms) {
    peers += room.members;
    watchers += room.watchers;
  }
  return {
    ok: true,
    uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
    rooms: rooms.length,
    peers,
    watchers,
    counters: deps.counters.toJSON(),
  };
}

function roomNameOf(raw: string): string | undefined {
  try {
    const name = decodeURIComponent(raw);
    return RoomNameSchema.safeParse(name).success ? name : undefined;
  } catch {
    return undefined;
  }
}

async function exportMetrics(deps: HttpDeps, res: ServerResponse, rawName: string, format: string, search: URLSearchParams): Promise<void> {
  const name = roomNameOf(rawName);
  if (name === undefined) return sendJson(res, 400, { error: { code: 'bad-request', message: 'bad room name' } });
  const runParam = search.get('runId');
  const runId = runParam === null ? undefined : Number(runParam);
  if (runId !== undefined && !Number.isSafeInteger(runId)) return sendJson(res, 400, { error: { code: 'bad-request', message: 'runId must be an integer' } });
  const live = await deps.store.metrics(name, runId === undefined ? {} : { runId });
  const archived = live === undefined ? deps.archive.load(name) : undefined;
  if (live === undefined && archived === undefined) return sendJson(res, 404, { error: { code: 'unknown-room', message: `no room ${name}` } });
  const samples = live ?? (archived ?? []).filter((s) => runId === undefined || s.runId === runId);
  if (format === 'json') return sendJson(res, 200, { room: name, samples });
  send(res, 200, 'text/csv; charset=utf-8', metricsToCsv(samples), {
    'Content-Disposition': `attachment; filename="${name}-metrics.csv"`,
    'Access-Control-Allow-Origin': '*',
  });
}


/** The short link of a room, and where the server can be reached from other machines (for the dashboard's QR code). */
function joinLink(deps: HttpDeps, res: ServerResponse, rawName: string): void {
  const room = roomNameOf(rawName);
  if (room === undefined) return sendJson(res, 400, { error: { code: 'bad-request', message: 'bad room name' } });
  const code = deps.joinCodes.codeFor(room);
  sendJson(res, 200, { room, code, path: `/j/${code}`, lanOrigins: deps.lanOrigins() });
}

async function followShortLink(deps: HttpDeps, res: ServerResponse, rawCode: string, search: URLSearchParams): Promise<void> {
  const room = await deps.joinCodes.roomFor(rawCode);
  if (room === undefined) {
    return send(res, 404, 'text/plain; charset=utf-8', 'Unknown join code: check the link on the teacher\'s screen, or ask for the room name.');
  }
  // A name the student already chose rides along (`/j/CODE?name=Ada`).
  const name = search.get('name');
  const query = new URLSearchParams({ room, ...(name === null ? {} : { name }) });
  send(res, 302, 'text/plain; charset=utf-8', '', { Location: `/?${query.toString()}` });
}

function uploadCheckpoint(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, room: string): void {
  receiveCheckpoint({ rooms: deps.store, ...deps.checkpoints }, req, room).then(
    (outcome) => {
      if (outcome.ok) {
        deps.counters.checkpointsStored += 1;
        return sendJson(res, 201, { checkpoint: outcome.checkpoint });
      }
      deps.counters.checkpointRefusals.set(outcome.reason, (deps.counters.checkpointRefusals.get(outcome.reason) ?? 0) + 1);
      // Unread body: close the connection rather than read megabytes nobody wants.
      sendJson(res, outcome.status, { error: { code: outcome.reason, message: outcome.message } });
      if (!req.complete) req.destroy();
    },
    (error: unknown) => {
      deps.logger.error('checkpoint upload failed', { room, error });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
    },
  );
}

/** The stored checkpoint's description (with its age), or its values as f32 LE. */
async function serveCheckpoint(deps: HttpDeps, res: ServerResponse, room: string, values: boolean): Promise<void> {
  const found = await deps.checkpoints.checkpoints.load(room);
  if (found === undefined) return sendJson(res, 404, { error: { code: 'no-checkpoint', message: `room ${room} has no checkpoint yet` } });
  if (!values) return sendJson(res, 200, { checkpoint: found.meta, ageMs: Math.max(0, deps.checkpoints.now() - found.meta.at) });
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
  res.end(Buffer.from(found.values.buffer, found.values.byteOffset, found.values.byteLength));
}

async function route(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === '/healthz') return sendJson(res, 200, await health(deps));
  const metrics = METRICS_ROUTE.exec(path);
  if (metrics !== null && (req.method === 'GET' || req.method === 'HEAD')) {
    return exportMetrics(deps, res, metrics[1] ?? '', metrics[2] ?? 'json', url.searchParams);
  }
  const checkpoint = CHECKPOINT_ROUTE.exec(path);
  if (checkpoint !== null) {
    const room = roomNameOf(checkpoint[1] ?? '');
    if (room === undefined) return sendJson(res, 400, { error: { code: 'bad-request', message: 'bad room name' } });
    if (req.method === 'POST' && checkpoint[2] === undefined) return uploadCheckpoint(deps, req, res, room);
    if (req.method === 'GET') return serveCheckpoint(deps, res, room, checkpoint[2] !== undefined);
  }
  const history = CHECKPOINTS_ROUTE.exec(path);
  if (history !== null && req.method === 'GET') {
    const room = roomNameOf(history[1] ?? '');
    if (room === undefined) return sendJson(res, 400, { error: { code: 'bad-request', message: 'bad room name' } });
    return sendJson(res, 200, { room, runs: await deps.checkpoints.checkpoints.history(room) });
  }
  const joinRoute = JOIN_LINK_ROUTE.exec(path);
  if (joinRoute !== null && req.method === 'GET') return joinLink(deps, res, joinRoute[1] ?? '');
  const short = SHORT_LINK_ROUTE.exec(path);
  if (short !== null && req.method === 'GET') return followShortLink(deps, res, short[1] ?? '', url.searchParams);
  if (deps.staticDir !== null && !path.startsWith('/api/') && serveStatic(deps.staticDir, req, res, path)) return;
  sendJson(res, 404, { error: { code: 'not-found', message: `no route for ${req.method ?? 'GET'} ${path}` } });
}

export function createRequestListener(deps: HttpDeps): RequestListener {
  return (req, res) => {
    new Promise<void>((resolve) => resolve(route(deps, req, res))).catch((cause: unknown) => {
      deps.logger.error('http handler threw', { url: req.url, error: cause });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    });
  };
}
