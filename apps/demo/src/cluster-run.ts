/**
 * One cluster run, the part shared by `pnpm demo` and the cluster benchmark: the real signaling server, N
 * Chromium tabs each in its own context, the room configured through the control API, a synchronised start,
 * and a poll of every tab's status until the duration ends (or the root reaches the target).
 *
 * The room is paused before the first tab joins, so every tab connects and prepares without training; the
 * resume is time zero. A straggler is never the root (slowing the root would slow R-FAST's hub on purpose).
 */
import { resolve as resolvePath } from 'node:path';
import type { RoomState } from '@canopy/protocol';
import { chromium, type Browser } from 'playwright-core';
import { BrowserFleet, type Tab } from '../../../packages/harness/src/cluster';
import { control } from '../../../packages/harness/src/room-admin';
import { launchServer, repoRoot, type RunningServer } from '../../../packages/harness/src/server';
import { nodePage } from '../../../packages/harness/src/status';
import { CHROMIUM_ARGS, findChromium, realLookup } from '../../../packages/harness/src/chromium';
import { createDeviceTestbed, testbedProblem, type DeviceTestbed } from '../../../packages/harness/src/device-testbed';
import { isRootTab, readTabStatus, type StatusRead, type TabStatus } from '../../../packages/harness/src/tab-status';
import { allTimeToTarget, lastAccuracy, rootTimeToTarget } from './measures';
import type { DemoOptions } from './options';
import type { ProgressView, TabView } from './progress';
import { clusterReadiness } from './readiness';
import { roomSetupActions } from './room-actions';
import { saveRoomModel } from './save-model';
import type { DemoResult, Poll, TabInfo, TabSample } from './result';

const POLL_MS = 500;
const READY_TIMEOUT_MS = 180_000;

export interface RunHooks {
  readonly progress: ProgressView;
  /** Aborting ends training early; what was measured so far is still returned. */
  readonly signal?: AbortSignal;
}

export async function runCluster(options: DemoOptions, hooks: RunHooks): Promise<DemoResult> {
  const { executablePath } = findChromium(realLookup(() => chromium.executablePath()));
  const say = (line: string): void => hooks.progress.message(line);
  const startedAt = new Date().toISOString();
  say('starting the signaling server');
  if (options.devices !== undefined) {
    const problem = testbedProblem();
    if (problem !== undefined) throw new Error(`--devices: ${problem}`);
  }
  // Devices reach the server over their bridge, so it listens on every interface (of this private namespace).
  const server = await launchServer(options.devices !== undefined ? { host: '0.0.0.0' } : {});
  const fleet = new BrowserFleet();
  let testbed: DeviceTestbed | undefined;
  // Playwright's own Ctrl-C handler would exit the process before the report is written: ours aborts instead.
  const launch = (path: string | undefined): Promise<Browser> =>
    chromium.launch({ headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, ...(path ? { executablePath: path } : {}) });
  try {
    const state = await configureRoom(server, options);
    const setupStart = performance.now();
    const tabs: Tab[] = [];
    if (options.devices === undefined) {
      const cluster = fleet.add(await launch(executablePath), server.url);
      say(`opening ${options.tabs} tab${options.tabs === 1 ? '' : 's'} at ${server.url}${nodePage(options.room)}`);
      for (let i = 0; i < options.tabs; i++) {
        const name = `tab${i + 1}`;
        tabs.push(await cluster.open(`${nodePage(options.room)}&name=${name}`, { name }));
      }
    } else {
      const profile = options.devices;
      testbed = createDeviceTestbed(options.tabs, profile, executablePath ?? chromium.executablePath());
      say(`${options.tabs} emulated device${options.tabs === 1 ? '' : 's'}: ${profile.cores} core, ${profile.mbit} Mbit/s each way, ${profile.rttMs} ms RTT, each its own Chromium`);
      for (const device of testbed.devices) {
        const cluster = fleet.add(await launch(device.chromiumLauncher), `http://${testbed.serverAddress}:${server.port}`);
        const name = `device${device.index + 1}`;
        tabs.push(await cluster.open(`${nodePage(options.room)}&name=${name}`, { name }));
      }
    }
    const ready = await waitUntilReady(tabs, state.runId, hooks.signal);
    const stragglerIndex = options.straggler > 1 ? await slowOneTab(server, options, tabs, ready) : -1;
    const setupS = (performance.now() - setupStart) / 1000;
    const infos: TabInfo[] = tabs.map((tab, i) => {
      const s = ready[i];
      return { name: tab.name, peerId: s?.peerId ?? null, backend: s?.backend ?? null, straggler: i === stragglerIndex };
    });
    say(`all tabs ready after ${setupS.toFixed(1)} s (backends: ${infos.map((t) => t.backend ?? '?').join(', ')}); training`);

    await control(server, options.room, { type: 'resume' });
    const trained = await pollUntilDone(tabs, infos, options, hooks);
    if (options.save !== undefined) {
      const dir = resolvePath(repoRoot, options.save);
      try {
        const saved = await saveRoomModel(server.url, options.room, dir);
        say(`model saved in ${dir} (run ${saved.runId}, step ${saved.step}, ${(saved.heldOut.accuracy * 100).toFixed(1)}% held-out); check it with: pnpm evaluate ${options.save}`);
      } catch (error) {
        say(`model not saved: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return {
      settings: {
        tabs: options.tabs,
        algo: state.settings.algorithm.name,
        params: state.settings.algorithm.params,
        compression: state.settings.compression.name,
        learningRate: state.settings.algorithm.learningRate,
        batchSize: state.settings.algorithm.batchSize,
        loss: state.faults.loss.p,
        straggler: options.straggler,
        nonIid: state.settings.partition.kind === 'dirichlet' ? state.settings.partition.alpha : null,
        durationS: options.duration,
        target: options.target,
        room: options.room,
      },
      startedAt,
      setupS,
      trainedS: trained.seconds,
      tabs: infos,
      polls: trained.polls,
      timeToTarget: { root: rootTimeToTarget(trained.polls, options.target), all: allTimeToTarget(trained.polls, options.target) },
      badStatusReads: trained.badReads,
      warnings: trained.warnings,
    };
  } catch (error) {
    say(tabLogTails(fleet.clusters.flatMap((c) => c.tabs)));
    throw error;
  } finally {
    await fleet.close();
    await server.stop();
    testbed?.remove();
  }
}

/** Before any tab joins: paused, then the algorithm (with its hyper-parameters), compression, data split and loss. */
async function configureRoom(server: RunningServer, options: DemoOptions): Promise<RoomState> {
  const actions = roomSetupActions(options);
  let state: RoomState | undefined;
  for (const action of actions) state = await control(server, options.room, action);
  if (state === undefined || !state.paused) throw new Error('the room did not stay paused while configuring it');
  return state;
}

async function readAll(tabs: readonly Tab[]): Promise<StatusRead[]> {
  return Promise.all(tabs.map((tab) => readTabStatus(tab.page)));
}

async function waitUntilReady(tabs: readonly Tab[], runId: number, signal: AbortSignal | undefined): Promise<TabStatus[]> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  const names = tabs.map((t) => t.name);
  for (;;) {
    signal?.throwIfAborted();
    const reads = await readAll(tabs);
    const readiness = clusterReadiness(names, reads, runId);
    if (readiness.failed !== null) throw new Error(`a tab failed while starting: ${readiness.failed}`);
    const statuses = reads.flatMap((r) => (r.kind === 'ok' ? [r.status] : []));
    if (readiness.ready && statuses.length === tabs.length) return statuses;
    if (performance.now() > deadline) {
      throw new Error(`tabs not ready after ${READY_TIMEOUT_MS / 1000} s:\n  ${readiness.pending.join('\n  ')}`);
    }
    await sleep(POLL_MS);
  }
}

/** Slows the last non-root tab and waits until its runner applies the factor. Returns its index. */
async function slowOneTab(server: RunningServer, options: DemoOptions, tabs: readonly Tab[], ready: readonly TabStatus[]): Promise<number> {
  const index = ready.findLastIndex((s) => !isRootTab(s));
  const peer = ready[index]?.peerId;
  const tab = tabs[index];
  if (index < 0 || peer === null || peer === undefined || tab === undefined) throw new Error('no non-root tab to slow down');
  await control(server, options.room, { type: 'straggler', peer, factor: options.straggler });
  const deadline = performance.now() + 30_000;
  for (;;) {
    const read = await readTabStatus(tab.page);
    if (read.kind === 'ok' && read.status.stragglerFactor === options.straggler) return index;
    if (performance.now() > deadline) throw new Error(`${tab.name} did not apply the straggler factor ${options.straggler}`);
    await sleep(POLL_MS);
  }
}

interface Trained {
  readonly seconds: number;
  readonly polls: Poll[];
  readonly badReads: number;
  readonly warnings: string[];
}

async function pollUntilDone(tabs: readonly Tab[], infos: readonly TabInfo[], options: DemoOptions, hooks: RunHooks): Promise<Trained> {
  const start = performance.now();
  const polls: Poll[] = [];
  const warnings: string[] = [];
  const reported = new Set<string>();
  let badReads = 0;
  let t = 0;
  const aborted = (): boolean => hooks.signal?.aborted === true;
  while (t < options.duration && !aborted()) {
    const pollStart = performance.now();
    const reads = await readAll(tabs);
    // Ctrl-C reaches Chromium too: a poll racing the abort only sees closed pages.
    if (aborted()) break;
    t = (performance.now() - start) / 1000;
    const samples = reads.map((read, i): TabSample | null => {
      if (read.kind === 'ok') {
        const problem = read.status.error ?? (read.status.modelFinite ? null : 'model is not finite');
        if (problem !== null) warnOnce(`${infos[i]?.name}: ${problem}`);
        return toSample(read.status);
      }
      if (read.kind !== 'loading') {
        badReads++;
        warnOnce(`${infos[i]?.name}: status unreadable (${read.reason}: ${read.detail})`);
      }
      return null;
    });
    polls.push({ t, tabs: samples });
    hooks.progress.update(t, infos.map((info, i): TabView => ({ info, sample: samples[i] ?? null, accuracy: lastAccuracy(polls, i) })));
    if (options.stopAtTarget && rootTimeToTarget(polls.slice(-1), options.target) !== null) break;
    await sleep(Math.max(0, POLL_MS - (performance.now() - pollStart)));
  }
  return { seconds: (performance.now() - start) / 1000, polls, badReads, warnings };

  function warnOnce(message: string): void {
    if (reported.has(message)) return;
    reported.add(message);
    warnings.push(message);
    hooks.progress.message(`warning: ${message}`);
  }
}

function toSample(s: TabStatus): TabSample {
  return {
    step: s.step,
    accuracy: s.heldOutAccuracy,
    loss: s.loss,
    heldOutLoss: s.heldOutLoss,
    stepMs: s.stepMs,
    isRoot: isRootTab(s),
    bytesSent: s.bytesSent,
    bytesReceived: s.bytesReceived,
    injectedDrops: s.injectedDrops,
    malformedFrames: s.malformedFrames,
    quarantinedLinks: s.quarantined.length,
  };
}

/** The end of every tab's console, for a failed start. */
function tabLogTails(tabs: readonly Tab[]): string {
  return tabs.map((t) => `--- ${t.name} console (last 15 lines)\n${t.logs.slice(-15).join('\n')}`).join('\n');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
