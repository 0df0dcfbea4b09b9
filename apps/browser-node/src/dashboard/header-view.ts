/** The top line: room, connection, epoch, run and algorithm, paused, locked; and the banner for problems. */
import type { RoomState, Topology } from '@canopy/protocol';
import { html } from './dom';
import { JoinPanel } from './join-panel';

export class HeaderView {
  readonly #connection: HTMLElement;
  readonly #epoch: HTMLElement;
  readonly #run: HTMLElement;
  readonly #paused: HTMLElement;
  readonly #locked: HTMLElement;
  readonly #problem: HTMLElement;

  constructor(container: HTMLElement, room: string, admin: boolean) {
    this.#connection = html('span', { class: 'badge', id: 'connection' }, 'connecting…');
    this.#epoch = html('span', { class: 'badge', id: 'epoch' }, 'epoch –');
    this.#run = html('span', { class: 'badge', id: 'run' }, 'run –');
    this.#paused = html('span', { class: 'badge paused', id: 'paused', hidden: true }, 'paused');
    this.#locked = html('span', { class: 'badge paused', id: 'locked', hidden: true, title: 'new tabs are refused; members keep their places' }, 'locked');
    this.#problem = html('p', { class: 'problem', id: 'problem', role: 'alert', hidden: true });
    container.append(
      html('h1', {}, 'Canopy ', html('span', { class: 'room' }, room)),
      html('div', { class: 'badges' }, this.#connection, this.#epoch, this.#run, this.#paused, this.#locked, admin ? null : html('span', { class: 'badge muted' }, 'view only')),
      new JoinPanel(room).element,
      this.#problem,
    );
  }

  connection(connected: boolean, detail: string): void {
    this.#connection.textContent = connected ? 'live' : `offline: ${detail}`;
    this.#connection.classList.toggle('offline', !connected);
  }

  room(topology: Topology | null, state: RoomState | null, nodes: number): void {
    this.#epoch.textContent = topology === null ? 'no nodes yet' : `epoch ${topology.epoch} · ${nodes} node${nodes === 1 ? '' : 's'} · ${topology.kind}`;
    if (state !== null) {
      this.#run.textContent = `run ${state.runId} · ${state.settings.algorithm.name} · loss ${Math.round(state.faults.loss.p * 100)}%`;
      this.#paused.hidden = !state.paused;
      this.#locked.hidden = !state.locked;
    }
  }

  problem(message: string | null): void {
    this.#problem.hidden = message === null;
    this.#problem.textContent = message ?? '';
  }
}
