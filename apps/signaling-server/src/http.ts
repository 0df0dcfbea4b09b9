/** Plain HTTP next to socket.io: health, metrics export, and the browser app. */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { RoomNameSchema } from '@canopy/protocol';
import type { ServerCounters } from './counters';
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
}

const METRICS_ROUTE = /^\/api\/rooms\/([^/]+)\/metrics\.(csv|json)$/;

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value), { 'Access-Control-Allow-Origin': '*' });
}

function health(deps: HttpDeps): Record<string, unknown> {
  let peers = 0;
  let watchers = 0;
  for (const room of deps.store.rooms()) {
    peers += room.size;
    watchers += room.watchers.size;
  }
  return {
    ok: true,
    uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
    rooms: deps.store.size,
    peers,
    watchers,
    counters: deps.counters.toJSON(),
  };
}

function exportMetrics(deps: HttpDeps, res: ServerResponse, rawName: string, format: string, search: URLSearchParams): void {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    name = '';
  }
  if (!RoomNameSchema.safeParse(name).success) return sendJson(res, 400, { error: { code: 'bad-request', message: 'bad room name' } });
  const runParam = search.get('runId');
  const runId = runParam === null ? undefined : Number(runParam);
  if (runId !== undefined && !Number.isSafeInteger(runId)) return sendJson(res, 400, { error: { code: 'bad-request', message: 'runId must be an integer' } });
  const room = deps.store.get(name);
  const archived = room === undefined ? deps.archive.load(name) : undefined;
  if (room === undefined && archived === undefined) return sendJson(res, 404, { error: { code: 'unknown-room', message: `no room ${name}` } });
  const samples = room !== undefined ? room.metrics.all(runId) : (archived ?? []).filter((s) => runId === undefined || s.runId === runId);
  if (format === 'json') return sendJson(res, 200, { room: name, samples });
  send(res, 200, 'text/csv; charset=utf-8', metricsToCsv(samples), {
    'Content-Disposition': `attachment; filename="${name}-metrics.csv"`,
    'Access-Control-Allow-Origin': '*',
  });
}

function route(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === '/healthz') return sendJson(res, 200, health(deps));
  const metrics = METRICS_ROUTE.exec(path);
  if (metrics !== null && (req.method === 'GET' || req.method === 'HEAD')) {
    return exportMetrics(deps, res, metrics[1] ?? '', metrics[2] ?? 'json', url.searchParams);
  }
  if (deps.staticDir !== null && !path.startsWith('/api/') && serveStatic(deps.staticDir, req, res, path)) return;
  sendJson(res, 404, { error: { code: 'not-found', message: `no route for ${req.method ?? 'GET'} ${path}` } });
}

export function createRequestListener(deps: HttpDeps): RequestListener {
  return (req, res) => {
    try {
      route(deps, req, res);
    } catch (cause) {
      deps.logger.error('http handler threw', { url: req.url, error: cause });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    }
  };
}
