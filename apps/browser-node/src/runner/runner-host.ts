/**
 * The runner worker's logic without the Worker: validates each message from the page and drives one Runner
 * (the page's current session) over a PortMesh. The worker entry (runner-worker.ts) only wires it to
 * postMessage; Node tests wire it to a MessageChannel.
 */
import { findResumePoint, indexedDbCopies } from '../checkpoint/local-copy';
import type { PeerId } from '@canopy/protocol';
import type { Timers } from '../net/timers';
import type { TrainingSetup } from './gradient-source';
import { PortMesh, type PortReport } from './port-mesh';
import { parsePageToRunner, type ComputeConfig, type PageToRunner, type RunnerToPage } from './remote-protocol';
import { Runner, type NodeFactory } from './runner';
import { StepRecorder, timedSetup } from './timed-setup';

/** The worker's compute for one session; `ranking` describes the backends tried at the last prepare. */
export interface HostSetup extends TrainingSetup {
  readonly ranking: readonly string[];
}

export interface RunnerHostOptions {
  /** To the page (structured clone: vectors are copied, so the node's own arrays stay untouched). */
  readonly post: (message: RunnerToPage) => void;
  readonly setup: (compute: ComputeConfig) => HostSetup;
  readonly timers: Timers;
  readonly createNode?: NodeFactory;
}

interface Session {
  readonly id: number;
  readonly runner: Runner;
  readonly mesh: PortMesh;
  readonly recorder: StepRecorder | undefined;
}

export class RunnerHost {
  #session: Session | undefined;
  /** Messages from the page that failed validation (dropped). */
  malformed = 0;
  lastMalformed: string | null = null;

  constructor(private readonly options: RunnerHostOptions) {}

  handle(data: unknown): void {
    const parsed = parsePageToRunner(data);
    if (!parsed.ok) {
      this.malformed++;
      this.lastMalformed = parsed.error;
      return;
    }
    const message = parsed.message;
    if (message.type === 'start') {
      this.#start(message);
      return;
    }
    const session = this.#session;
    if (session === undefined || session.id !== message.session) return; // a replaced session's leftovers
    switch (message.type) {
      case 'topology':
        session.runner.setTopology(message.topology);
        return;
      case 'room-state':
        session.runner.applyRoomState(message.state);
        return;
      case 'incoming':
        session.mesh.deliver(message.message, message.runTag);
        return;
      case 'links':
        session.mesh.updateReadiness(message);
        return;
      case 'stop':
        session.runner.stop();
        this.#session = undefined;
        return;
    }
  }

  #start(message: Extract<PageToRunner, { type: 'start' }>): void {
    this.#session?.runner.stop();
    const id = message.session;
    const post = (report: PortReport): void => this.options.post({ ...report, session: id } as RunnerToPage);
    const { idlePumpMs, ...tuning } = message.tuning;
    const mesh = new PortMesh(message.self as PeerId, post, { now: () => this.options.timers.now(), ...(idlePumpMs === undefined ? {} : { idlePumpMs }) });
    const recorder = message.instrument ? new StepRecorder() : undefined;
    const compute = this.options.setup(message.compute);
    const setup: TrainingSetup = {
      prepare: async (spec) => {
        const prepared = await compute.prepare(spec);
        post({ type: 'prepared', backend: prepared.backend, ranking: [...compute.ranking], dimension: prepared.x0.length });
        return prepared;
      },
    };
    const runner = new Runner({
      self: message.self,
      mesh,
      timers: this.options.timers,
      setup: recorder === undefined ? setup : timedSetup(setup, recorder),
      ...(message.checkpointUrl === undefined ? {} : { loadCheckpoint: (run) => findResumePoint(message.checkpointUrl as string, run, indexedDbCopies()) }),
      ...(this.options.createNode === undefined ? {} : { createNode: this.options.createNode }),
      ...tuning,
    });
    runner.events.on('status', (status) => {
      const steps = recorder?.take();
      post({ type: 'status', status, superseded: Object.fromEntries(mesh.superseded), ...(steps === undefined ? {} : { steps: { starts: steps.starts, computeMs: steps.computeMs } }) });
    });
    runner.events.on('evaluation', (result) => post({ type: 'evaluation', ...result }));
    runner.events.on('error', (text) => post({ type: 'error', message: text }));
    this.#session = { id, runner, mesh, recorder };
    runner.start(message.state, message.topology, { joinFromParent: message.joinFromParent });
  }
}
