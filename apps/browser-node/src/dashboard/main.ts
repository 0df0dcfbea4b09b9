/**
 * The classroom dashboard: /dashboard?room=NAME[&token=ADMIN].
 *
 * Window API for tests (read-only): `window.canopyDashboard.state()` returns a DashboardStateView
 * (state-view.ts): room, connected, admin, epoch, root, topologyKind, nodes (with their newest report and
 * layout position), edges.pull / edges.push ({from, to} as data flows, with rate and loss), runId, runs
 * (label, algorithm, current, overlaid, samples, peers), paused, algorithm, lossP.
 */
import { io } from 'socket.io-client';
import { failOverAcross, signalingServers } from '../net/server-list';
import { DashboardApp } from './dashboard-app';
import { byId } from './dom';
import { parseDashboardParams } from './params';
import type { DashboardStateView } from './state-view';
import { WatchClient } from './watch-client';
import './dashboard.css';

export interface CanopyDashboardApi {
  state(): DashboardStateView;
}

declare global {
  interface Window {
    canopyDashboard?: CanopyDashboardApi;
  }
}

function start(): void {
  const parsed = parseDashboardParams(window.location.search);
  if (!parsed.ok) {
    byId('problem-start').textContent = `${parsed.reason}. Open this page as /dashboard?room=NAME (add &token=… to unlock the controls).`;
    byId('problem-start').hidden = false;
    return;
  }
  const app = new DashboardApp(parsed.value, {
    header: byId('header'),
    stage: byId('stage'),
    tidy: byId<HTMLButtonElement>('tidy'),
    controls: byId('controls'),
    charts: byId('charts'),
    runs: byId('runs'),
    nodes: byId('nodes'),
  });
  const servers = signalingServers(new URL(location.href));
  const socket = io(servers[0], { autoConnect: true });
  failOverAcross(socket.io, servers);
  const client = new WatchClient(socket, parsed.value.room, app.handlers());
  app.attach(client);
  window.canopyDashboard = Object.freeze({ state: () => app.state() });
}

start();
