/**
 * Entry of the node page: http://HOST:PORT/?room=NAME[&backend=...][&name=...]. Joins the room through the
 * signaling server that serves this page, trains in the runner worker, exchanges R-FAST state with tree
 * neighbours over WebRTC, and shows it all.
 *
 * For end-to-end tests the page exposes a read-only probe:
 *
 *   window.canopy.status(): NodeStatus   (see runner/status.ts)
 *     peerId, room, connection ('connecting' | 'joined' | 'disconnected'), epoch, runId, algorithm,
 *     roles: { pull, push } each { isRoot, parents, children }, step, loss, trainAccuracy, heldOutAccuracy,
 *     backend, stepMs, staleness, injectedDrops, malformedFrames, staleMessages, bytesSent, bytesReceived,
 *     links: [{ peer, state, bytesSent, bytesReceived, messagesSent, messagesReceived, injectedDrops,
 *              injectedDelays, superseded, malformedFrames, stale, sendErrors, rejects }],
 *     modelFinite (every entry of x is finite), paused, waiting (why idle, or null), error (or null).
 *
 * It returns a fresh plain object on each call; polling it changes nothing.
 */
import { io } from 'socket.io-client';
import { failOverAcross, signalingServers } from './net/server-list';
import type { CanopySocket } from './net/signaling-client';
import { SimplePeerChannel } from './net/simple-peer-channel';
import { createWorkerTimers } from './net/worker-timers';
import { NodeSession } from './runner/node-session';
import { CheckpointUploader, type Evaluated } from './checkpoint/checkpoint-uploader';
import { indexedDbCopies, LocalCopySaver } from './checkpoint/local-copy';
import { isModelName } from './training/model/names';
import type { CheckpointMeta } from '@canopy/protocol';
import type { NodeStatus } from './runner/status';
import { RunnerWorker } from './runner/runner-worker-client';
import { NameField, REMEMBERED_NAME_KEY, rememberedName, urlWithName } from './ui/name-field';
import { NodePage } from './ui/node-page';
import { parsePageParams } from './ui/page-params';

declare global {
  interface Window {
    canopy?: { status(): NodeStatus };
  }
}

function main(): void {
  const root = document.getElementById('app') ?? document.body;
  const page = new NodePage(root);
  const storage = storageOrUndefined();
  const parsed = parsePageParams(location.search, rememberedName(storage) ?? `tab-${Math.floor(Math.random() * 10_000)}`);
  if (!parsed.ok) {
    page.problems.show(parsed.problem, true);
    return;
  }
  const { room, backend, displayName } = parsed.params;
  document.title = `Canopy · ${displayName} · ${room}`;
  page.showNameField(
    new NameField(displayName, (name) => {
      storage?.setItem(REMEMBERED_NAME_KEY, name);
      location.assign(urlWithName(location.href, name));
    }),
  );

  // The training loop, the algorithm and tfjs run in one worker; links and UI stay on this thread.
  const training = new RunnerWorker({ baseUrl: location.href, ...(backend === undefined ? {} : { backend }) });
  // The page's own server first (it served the page), then the other instances its link names (net/server-list.ts).
  // WebSocket only: no polling timers to throttle.
  const servers = signalingServers(new URL(location.href));
  const socket: CanopySocket = io(servers[0], { transports: ['websocket'] });
  failOverAcross(socket.io, servers, (server) => console.info(`signaling: reconnecting through ${server}`));
  // The room checkpoint's URL; also the key of this tab's own copy in IndexedDB (checkpoint/local-copy.ts).
  const checkpointUrl = new URL(`/api/rooms/${encodeURIComponent(room)}/checkpoint`, location.href).href;
  const session = new NodeSession({
    socket,
    room,
    displayName,
    createRunner: (self, mesh) => training.createRunner(self, mesh, { checkpointUrl }),
    timers: createWorkerTimers(),
    createChannel: (_peer, initiator, ack) => new SimplePeerChannel({ initiator, iceServers: ack.iceServers }),
  });
  window.canopy = Object.freeze({ status: () => session.status() });

  let lastRanking = '';
  const refresh = (): void => {
    page.update(session.status());
    const ranking = training.ranking.join('|');
    if (ranking !== lastRanking) {
      lastRanking = ranking;
      page.showBackendRanking(training.ranking);
    }
  };
  session.events.on('changed', refresh);
  session.events.on('report', (status) => page.addReport(status));
  // The newest evaluated model: what "Download model" saves and what the root offers the room as a checkpoint.
  let evaluated: Evaluated | undefined;
  let identity: { peerId: string; secret: string } | undefined;
  session.signaling.events.on('joined', (ack) => {
    identity = { peerId: ack.peerId, secret: ack.resumeSecret };
  });
  const localCopy = new LocalCopySaver(indexedDbCopies(), () => performance.now());
  const uploader = new CheckpointUploader({
    room,
    identity: () => identity,
    isRoot: () => session.status().roles?.pull.isRoot === true,
    fetch: (input, init) => fetch(input, init),
    now: () => performance.now(),
  });
  session.events.on('evaluation', (result) => {
    page.addEvaluation(result.runId, result.accuracy, result.loss);
    // A blown-up model (the node has gone back to its last good one) is not one to upload, keep or download.
    if (!result.healthy) return;
    const status = session.status();
    if (result.runId === null || result.samples === undefined || status.dataset === null || status.model === null || status.algorithm === null) return;
    const meta: CheckpointMeta = {
      runId: result.runId,
      step: result.step,
      dataset: status.dataset,
      model: status.model,
      algorithm: status.algorithm,
      heldOut: { accuracy: result.accuracy, loss: result.loss, samples: result.samples },
    };
    evaluated = { meta, model: result.model };
    page.modelReady(`run ${meta.runId}, step ${meta.step}: ${(meta.heldOut.accuracy * 100).toFixed(1)}% held-out`);
    uploader.offer(evaluated);
    localCopy.offer(checkpointUrl, { runId: meta.runId, dataset: meta.dataset, model: meta.model, step: meta.step, values: result.model });
  });
  page.onDownload(async () => {
    const chosen = evaluated;
    if (chosen === undefined) throw new Error('no evaluated model yet');
    const { downloadModel } = await import('./training/export/download-model');
    const { meta } = chosen;
    if (!isModelName(meta.model)) throw new Error(`unknown model ${meta.model}`);
    await downloadModel(chosen.model, {
      dataset: meta.dataset, model: meta.model, room, runId: meta.runId, algorithm: meta.algorithm, steps: meta.step,
      heldOut: meta.heldOut, savedAt: new Date().toISOString(), source: `node page of ${displayName}`,
    });
  });
  session.events.on('problem', (message, fatal) => {
    page.problems.show(message, fatal);
    refresh();
  });
  session.signaling.events.on('joined', () => page.problems.clear());
  session.events.on('resolved', (prefix) => page.problems.resolve(prefix));
  window.addEventListener('pagehide', () => {
    session.close();
    training.terminate();
  });
  refresh();
}

main();

/** localStorage, or undefined where the browser refuses it (private modes, sandboxed frames). */
function storageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
