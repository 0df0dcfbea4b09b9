/** One-click scenarios for the teacher (scenarios.ts), with a line saying what the class should watch. */
import type { ControlAction } from '@canopy/protocol';
import { html } from './dom';
import { ScenarioPlayer } from './scenario-player';
import { SCENARIOS, type ScenarioRoom } from './scenarios';

export class ScenariosView {
  readonly #player: ScenarioPlayer;
  readonly #status: HTMLElement;

  constructor(container: HTMLElement, room: () => ScenarioRoom | null, send: (action: ControlAction) => void) {
    this.#status = html('p', { id: 'scenario-status', role: 'status', class: 'status' }, 'Each scenario sets faults or methods for you, step by step.');
    this.#player = new ScenarioPlayer({
      room,
      send,
      report: (ok, message) => {
        this.#status.textContent = message;
        this.#status.classList.toggle('error', !ok);
      },
      now: () => performance.now(),
      setTimer: (run, ms) => window.setTimeout(run, ms),
      clearTimer: (timer) => window.clearTimeout(timer as number),
    });
    const buttons = SCENARIOS.map((scenario) => {
      const button = html('button', { type: 'button', 'data-scenario': scenario.id }, scenario.title);
      button.addEventListener('click', () => this.#player.play(scenario));
      return button;
    });
    const stop = html('button', { type: 'button', id: 'scenario-stop', title: 'cancel the steps not taken yet' }, 'Stop');
    stop.addEventListener('click', () => {
      this.#player.stop();
      this.#status.textContent = 'Stopped; what was already set stays (use "Back to normal").';
    });
    container.append(html('h3', {}, 'Scenarios'), html('div', { class: 'control-row scenarios' }, ...buttons, stop), this.#status);
  }
}
