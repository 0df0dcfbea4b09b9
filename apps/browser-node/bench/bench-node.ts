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
import { RunnerWorker } from '../src/runner/runner-worker-client';
import { StepRecorder, timedSetup } from '../src/runner/timed-setup';
import type { TrainingRunner } from '../src/runner/training-runner';
import { isBackendName } from '../src/training/backend/names';
import { seededRandom } from '../src/training/random';
import { runnerChannelKey, type NodeCounters, type NodeProbe, type NodeSpec, type StepLog } from './api';
import { pacedSetup } from './paced-setup';
import type { SignalHub } from './signal-hub';

export class BenchNode {
  readonly #mesh: Mesh;
  readonly #runner: TrainingRunner;
  readonly #recorder = new StepRecorder();
  readonly #worker: RunnerWorker | undefined;
  readonly #keys: string[] = [];
  #dimension: number | null = null;
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
    if (role.kind === 'measured') {
      if (!isBackendName(role.backend)) throw new Error(`unknown backend "${role.backend}"`);
      // The page's real training path: loop, R-FAST and tfjs in the runner worker; links here. Assets sit at
      // the site root (the page itself is under /bench/). The worker times each step where it starts.
      this.#worker = new RunnerWorker({ baseUrl: `${location.origin}/`, backend: role.backend });
      this.#runner = this.#worker.createRunner(self, this.#mesh, {
        onSteps: (steps) => {
          this.#recorder.starts.push(...steps.starts);
          this.#recorder.computeMs.push(...steps.computeMs);
        },
        onPrepared: (info) => (this.#dimension = info.dimension),
      });
    } else {
      this.#dimension = role.dimension;
      this.#runner = new Runner({ self, mesh: this.#mesh, timers, setup: timedSetup(pacedSetup(role.dimension, role.paceMs, timers), this.#recorder) });
    }
    this.#state = { ...initialRoomState(), paused: true };
    this.#runner.start(this.#state, topology, { joinFromParent: false });
  }

  setPaused(paused: boolean): void {
    this.#state = { ...this.#state, paused };
    this.#runner.applyRoomState(this.#state);
  }

  probe(): NodeProbe {
    const status = this.#runner.status();
    const prepared = status.backend !== null;
    return {
      started: true,
      prepared,
      dimension: prepared ? this.#dimension : null,
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
    this.#worker?.terminate();
  }
  #counters(): NodeCounters {
    const status = this.#runner.status();
    return {
      bytesSent: status.bytesSent,
      bytesReceived: status.bytesReceived,
      messagesSent: status.messagesSent,
      messagesReceived: status.messagesReceived,
      superseded: status.links.reduce((sum, link) => sum + link.superseded + link.replacedBeforeLink, 0),
      malformedFrames: status.malformedFrames,
      staleMessages: status.staleMessages,
    };
  }
}
