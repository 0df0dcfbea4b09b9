/** Plays one scenario at a time: sends each step's actions when due, says what to watch, can be stopped. */
import type { ControlAction } from '@canopy/protocol';
import { scenarioStatus, type Scenario, type ScenarioRoom } from './scenarios';

export interface ScenarioPlayerDeps {
  readonly room: () => ScenarioRoom | null;
  readonly send: (action: ControlAction) => void;
  readonly report: (ok: boolean, message: string) => void;
  readonly now: () => number;
  readonly setTimer: (run: () => void, ms: number) => unknown;
  readonly clearTimer: (timer: unknown) => void;
}

const STATUS_EVERY_MS = 1_000;

export class ScenarioPlayer {
  #timers: unknown[] = [];
  #playing: Scenario | null = null;

  constructor(private readonly deps: ScenarioPlayerDeps) {}

  get playing(): Scenario | null {
    return this.#playing;
  }

  play(scenario: Scenario): void {
    this.stop();
    this.#playing = scenario;
    const started = this.deps.now();
    let said = '';
    const runStep = (index: number): void => {
      const step = scenario.steps[index];
      const room = this.deps.room();
      if (step === undefined || this.#playing !== scenario) return;
      if (room === null) return this.#fail(scenario, 'the room state is not known yet');
      const actions = step.actions(room);
      if (actions instanceof Error) return this.#fail(scenario, actions.message);
      for (const action of actions) {
        if (!action.ok) return this.#fail(scenario, action.error.message);
      }
      for (const action of actions) if (action.ok) this.deps.send(action.value);
      said = step.say(room);
      this.deps.report(true, scenarioStatus(scenario, this.deps.now() - started, said));
    };
    scenario.steps.forEach((step, index) => this.#timers.push(this.deps.setTimer(() => runStep(index), step.atMs)));
    const tick = (): void => {
      if (this.#playing !== scenario) return;
      const elapsed = this.deps.now() - started;
      if (said !== '') this.deps.report(true, scenarioStatus(scenario, elapsed, said));
      if (elapsed >= scenario.endMs) {
        this.#playing = null;
        return;
      }
      this.#timers.push(this.deps.setTimer(tick, STATUS_EVERY_MS));
    };
    this.#timers.push(this.deps.setTimer(tick, STATUS_EVERY_MS));
  }

  /** Cancels the steps not yet sent (what was sent stays: "Back to normal" undoes faults). */
  stop(): void {
    for (const timer of this.#timers) this.deps.clearTimer(timer);
    this.#timers = [];
    this.#playing = null;
  }

  #fail(scenario: Scenario, why: string): void {
    this.stop();
    this.deps.report(false, `${scenario.title} stopped: ${why}`);
  }
}
