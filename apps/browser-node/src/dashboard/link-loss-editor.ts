/** The popover opened by clicking an edge (admin only): this directed link's own loss, or back to the global one. */
import type { ControlAction, LossSettings, Result } from '@canopy/protocol';
import { configuredLoss, linkLossAction } from './control-actions';
import { html } from './dom';
import type { DrawnEdge } from './edges';

export class LinkLossEditor {
  readonly #node: HTMLDivElement;

  constructor(
    parent: HTMLElement,
    private readonly send: (action: Result<ControlAction>) => void,
  ) {
    this.#node = html('div', { class: 'popover', id: 'link-loss-editor', role: 'dialog', hidden: true });
    parent.append(this.#node);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  open(edge: DrawnEdge, loss: LossSettings, clientX: number, clientY: number): void {
    const overridden = loss.links.some((l) => l.from === edge.from && l.to === edge.to);
    const current = configuredLoss(loss, edge.from, edge.to);
    const slider = html('input', { type: 'range', min: 0, max: 1, step: 0.05, value: current, 'aria-label': 'loss of this link' });
    const value = html('output', {}, `${Math.round(current * 100)}%`);
    slider.addEventListener('input', () => (value.textContent = `${Math.round(Number(slider.value) * 100)}%`));
    const apply = html('button', { type: 'button', 'data-action': 'set' }, 'Set');
    const clear = html('button', { type: 'button', 'data-action': 'clear', disabled: !overridden }, 'Use global loss');
    const close = html('button', { type: 'button', class: 'close', 'aria-label': 'close' }, '×');
    apply.addEventListener('click', () => {
      this.send(linkLossAction(loss, edge.from, edge.to, Number(slider.value)));
      this.close();
    });
    clear.addEventListener('click', () => {
      this.send(linkLossAction(loss, edge.from, edge.to, null));
      this.close();
    });
    close.addEventListener('click', () => this.close());
    this.#node.replaceChildren(
      close,
      html('strong', {}, `${edge.kind === 'pull' ? 'Pull (models)' : 'Push (trackers)'}: ${edge.from} → ${edge.to}`),
      html('p', {}, overridden ? 'This link has its own loss.' : `Follows the global loss (${Math.round(loss.p * 100)}%).`),
      html('div', { class: 'control-row' }, slider, value),
      html('div', { class: 'control-row' }, apply, clear),
    );
    this.#node.hidden = false;
    this.#node.style.left = `${Math.min(clientX + 8, window.innerWidth - 300)}px`;
    this.#node.style.top = `${Math.min(clientY + 8, window.innerHeight - 180)}px`;
  }

  close(): void {
    this.#node.hidden = true;
  }
}
