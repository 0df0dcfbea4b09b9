/**
 * One row per node: backend, step rate, loss, held-out accuracy, staleness, step scale, bytes, injected drops and the
 * straggler factor (a select on an admin dashboard). Rows are kept and their cells updated in place, so a
 * select the teacher is using is never rebuilt under the pointer.
 */
import type { PeerId } from '@canopy/protocol';
import { html } from './dom';
import { formatBytes, formatCount, formatNumber, formatPercent } from './format';
import type { NodeRow } from './node-stats';
import { formatLinkHealth } from './link-health';

export const STRAGGLER_FACTORS = [1, 2, 4, 8, 16] as const;

const COLUMNS = ['#', 'node', 'backend', 'steps/s', 'ms/step', 'loss', 'held-out acc.', 'staleness', 'step scale', 'sent', 'received', 'drops', 'links', 'quarantined by', 'recoveries', 'slowdown'] as const;

interface RowCells {
  readonly tr: HTMLTableRowElement;
  /** Where each column's text goes (the name column also holds the node's chart colour). */
  readonly texts: HTMLElement[];
  readonly select: HTMLSelectElement | null;
  readonly slowdown: HTMLTableCellElement;
}

export class NodeTable {
  readonly #body: HTMLTableSectionElement;
  readonly #rows = new Map<PeerId, RowCells>();

  /** `admin`: the straggler select and the Remove button (null on a dashboard without the token). */
  constructor(
    container: HTMLElement,
    private readonly colourOf: (peer: PeerId) => string,
    private readonly admin: { readonly straggler: (peer: PeerId, factor: number) => void; readonly kick: (peer: PeerId) => void } | null,
    private readonly nameOf: (peer: PeerId) => string = (peer) => peer,
  ) {
    this.#body = html('tbody');
    container.append(html('table', { class: 'node-table' }, html('thead', {}, html('tr', {}, ...COLUMNS.map((c) => html('th', { scope: 'col' }, c)))), this.#body));
  }

  update(rows: readonly NodeRow[]): void {
    const present = new Set(rows.map((r) => r.id));
    for (const [peer, cells] of this.#rows) {
      if (present.has(peer)) continue;
      cells.tr.remove();
      this.#rows.delete(peer);
    }
    rows.forEach((row, index) => {
      const cells = this.#rows.get(row.id) ?? this.#create(row.id);
      this.#body.append(cells.tr); // keeps rows in member order; appending an attached node moves it
      const values = [
        String(index + 1),
        row.isRoot ? `${row.displayName} (root)` : row.displayName,
        row.backend,
        formatNumber(row.stepsPerSecond, 1),
        formatNumber(row.stepMs, 0),
        formatNumber(row.loss, 3),
        formatPercent(row.heldOutAccuracy),
        formatNumber(row.staleness, 1),
        formatNumber(row.delayScale, 2),
        formatBytes(row.bytesSent),
        formatBytes(row.bytesReceived),
        formatCount(row.injectedDrops),
        formatLinkHealth(row.links),
        row.reportedBy.length === 0 ? '–' : row.reportedBy.map(this.nameOf).join(', '),
        row.recoveries === null || row.recoveries === 0 ? '–' : formatCount(row.recoveries),
      ];
      values.forEach((value, i) => {
        const text = cells.texts[i];
        if (text !== undefined && text.textContent !== value) text.textContent = value;
      });
      if (cells.select !== null) {
        if (document.activeElement !== cells.select) cells.select.value = String(row.stragglerFactor);
      } else {
        cells.slowdown.textContent = row.stragglerFactor === 1 ? '–' : `×${row.stragglerFactor}`;
      }
      cells.tr.classList.toggle('root', row.isRoot);
      cells.tr.classList.toggle('reported', row.reportedBy.length > 0 || (row.recoveries ?? 0) > 0);
      cells.tr.classList.toggle('stalled', (row.links?.stalled.length ?? 0) > 0);
    });
  }

  #create(peer: PeerId): RowCells {
    const cells = COLUMNS.slice(0, -1).map(() => html('td'));
    const texts: HTMLElement[] = [...cells];
    const name = html('span');
    cells[1]?.append(html('span', { class: 'swatch', style: `background:${this.colourOf(peer)}` }), name);
    texts[1] = name;
    const slowdown = html('td');
    let select: HTMLSelectElement | null = null;
    const admin = this.admin;
    if (admin !== null) {
      select = html('select', { 'aria-label': `slowdown of ${peer}`, 'data-straggler': peer }, ...STRAGGLER_FACTORS.map((f) => html('option', { value: f }, f === 1 ? 'none' : `×${f}`)));
      const chosen = select;
      chosen.addEventListener('change', () => admin.straggler(peer, Number(chosen.value)));
      const remove = html('button', { type: 'button', class: 'kick', 'data-kick': peer, title: 'Remove this tab from the room for good' }, 'Remove');
      remove.addEventListener('click', () => {
        if (window.confirm(`Remove ${this.nameOf(peer)} from the room? Its id is banned here.`)) admin.kick(peer);
      });
      slowdown.append(chosen, ' ', remove);
    }
    const tr = html('tr', { 'data-peer': peer }, ...cells, slowdown);
    const row = { tr, texts, select, slowdown };
    this.#rows.set(peer, row);
    return row;
  }
}
