/**
 * One node of the runner benchmark, wired like the node page but without the signaling server: the real
 * Runner driving R-FAST, the real Mesh and fault injector (no faults), one simple-peer link per tree edge
 * (signalled through the harness), worker-backed timers. The room starts paused; the harness resumes and
 * pauses it around each measuring phase.
 */
import { initialRoomState, type RoomState } from '@canopy/protocol';
import { FaultInjector } from '../src/net/fault-injector';
import { Mesh } from '../src/net/mesh';
import { isInitiator, neighboursOf } from '../src/net/neighbours';
import { createWorkerTimers } from '../src/net/worker-timers';
import { Runner } from '../src/runner/runner';
import { workerSetup, type WorkerSetup } from '../src/runner/worker-setup';
import { isBackendName } from '../src/training/backend/names';
import { seededRandom } from '../src/training/random';
import { runnerChannelKey, type NodeCounters, type NodeProbe, type NodeSpec, type StepLog } from './api';
import { pacedSetup } from './paced-setup';
import type { SignalHub } from './signal-hub';
import { StepRecorder, timedSetup } from './timed-setup';

export class BenchNode {
  readonly #mesh: Mesh;
  readonly #runner: Runner;
  readonly #recorder = new StepRecorder();
  readonly #compute: WorkerSetup | undefined;
  readonly #keys: string[] = [];
  #state: RoomState;

  constructor(
    spec: NodeSpec,
    private readonly hub: SignalHub,
  ) {
    const { topology, role } = spec;
    const self = topology.id;
    const timers = createWorkerTimers();
    this.#mesh = new Mesh({ injector: new FaultInjector(self, seededRandom(1)), timers });
    for (const peer of neighboursOf(topology)) {
      const key = runnerChannelKey(self, peer);
      this.#keys.push(key);
      this.#mesh.attach(peer, hub.open(key, isInitiator(self, peer)));
    }
    let setup;
    if (role.kind === 'measured') {
      if (!isBackendName(role.backend)) throw new Error(`unknown backend "${role.backend}"`);
      // Assets sit at the site root (the page itself is under /bench/).
      this.#compute = workerSetup({ baseUrl: `${location.origin}/`, backend: role.backend });
      setup = this.#compute;
    } else {
      setup = pacedSetup(role.dimension, role.paceMs, timers);
    }
    this.#runner = new Runner({ self, mesh: this.#mesh, timers, setup: timedSetup(setup, this.#recorder) });
    this.#state = { ...initialRoomState(), paused: true };
    this.#runner.start(this.#state, topology, { joinFromParent: false });
  }

  setPaused(paused: boolean): void {
    this.#state = { ...this.#state, paused };
    this.#runner.applyRoomState(this.#state);
  }

  probe(): NodeProbe {
    const status = this.#runner.status();
    return {
      started: true,
      prepared: this.#runner.model !== null,
      dimension: this.#runner.model?.length ?? null,
      backend: status.backend,
      links: status.links.length,
      openLinks: status.links.filter((link) => link.state === 'open').length,
      steps: status.step,
      error: status.error,
    };
  }

  takeSteps(): StepLog {
    return { ...this.#recorder.take(), counters: this.#counters() };
  }

  stop(): void {
    this.#runner.stop();
    this.#mesh.close();
    for (const key of this.#keys) this.hub.close(key);
    this.#compute?.terminate();
  }

  #counters(): NodeCounters {
    const status = this.#runner.status();
    return {
      bytesSent: status.bytesSent,
      bytesReceived: status.bytesReceived,
      messagesSent: status.messagesSent,
      messagesReceived: status.messagesReceived,
      superseded: status.links.reduce((sum, link) => sum + link.superseded, 0),
      malformedFrames: status.malformedFrames,
      staleMessages: status.staleMessages,
    };
  }
}
