/**
 * Runs of this room (newest first): the current one, and earlier ones with a checkbox to overlay their mean
 * accuracy on the chart; exports of everything the dashboard holds (CSV, JSON), the chart as PNG, and the
 * server's own CSV of the room.
 */
import { overlayColour } from './colours';
import { html } from './dom';
import type { RunView } from './state-view';

export interface RunsViewHandlers {
  toggleOverlay(runId: number, on: boolean): void;
  exportCsv(): void;
  exportJson(): void;
  exportPng(): void;
}

export class RunsView {
  readonly #list: HTMLUListElement;
  #rendered = '';

  constructor(container: HTMLElement, serverCsvUrl: string, handlers: RunsViewHandlers) {
    this.#list = html('ul', { class: 'runs', id: 'run-list' });
    const button = (id: string, label: string, action: () => void): HTMLButtonElement => {
      const b = html('button', { type: 'button', id }, label);
      b.addEventListener('click', action);
      return b;
    };
    container.append(
      html('h2', {}, 'Runs'),
      this.#list,
      html(
        'div',
        { class: 'control-row exports' },
        button('export-csv', 'Export CSV', () => handlers.exportCsv()),
        button('export-json', 'Export JSON', () => handlers.exportJson()),
        button('export-png', 'Chart as PNG', () => handlers.exportPng()),
        html('a', { href: serverCsvUrl, download: true, id: 'server-csv' }, 'server CSV'),
      ),
    );
    this.#list.addEventListener('change', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || box.dataset['overlay'] === undefined) return;
      handlers.toggleOverlay(Number(box.dataset['overlay']), box.checked);
    });
  }

  update(runs: readonly RunView[]): void {
    // Rebuilt only when something shown changed: a checkbox under the pointer must not be replaced needlessly.
    const signature = JSON.stringify(runs.map((r) => [r.runId, r.label, r.current, r.overlaid, r.peers.length, Math.floor(r.samples / 50)]));
    if (signature === this.#rendered) return;
    this.#rendered = signature;
    let overlayIndex = 0;
    this.#list.replaceChildren(
      ...runs.map((run) => {
        const colour = run.overlaid ? overlayColour(overlayIndex++) : null;
        const box = html('input', { type: 'checkbox', 'data-overlay': run.runId, checked: run.overlaid, disabled: run.current, 'aria-label': `overlay ${run.label}` });
        return html(
          'li',
          { 'data-run': run.runId, class: run.current ? 'current' : undefined },
          html(
            'label',
            {},
            box,
            colour === null ? null : html('span', { class: 'swatch', style: `background:${colour}` }),
            ` ${run.label}${run.current ? ' (current)' : ''}`,
            html('small', {}, ` — ${run.peers.length} nodes, ${run.samples} reports`),
          ),
        );
      }),
    );
  }
}
