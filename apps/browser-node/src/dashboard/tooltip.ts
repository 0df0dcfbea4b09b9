/** One floating tooltip for the whole page: rows of label/value, placed next to the pointer. */
import { html } from './dom';

export type TooltipRows = readonly (readonly [label: string, value: string])[];

export class Tooltip {
  readonly #node: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.#node = html('div', { class: 'tooltip', role: 'tooltip', hidden: true });
    parent.append(this.#node);
  }

  show(clientX: number, clientY: number, title: string, rows: TooltipRows): void {
    const table = html('table', {}, ...rows.map(([label, value]) => html('tr', {}, html('th', {}, label), html('td', {}, value))));
    this.#node.replaceChildren(html('strong', {}, title), table);
    this.#node.hidden = false;
    const margin = 14;
    const { innerWidth, innerHeight } = window;
    const box = this.#node.getBoundingClientRect();
    const left = clientX + margin + box.width > innerWidth ? clientX - margin - box.width : clientX + margin;
    const top = clientY + margin + box.height > innerHeight ? clientY - margin - box.height : clientY + margin;
    this.#node.style.left = `${Math.max(0, left)}px`;
    this.#node.style.top = `${Math.max(0, top)}px`;
  }

  hide(): void {
    this.#node.hidden = true;
  }
}
