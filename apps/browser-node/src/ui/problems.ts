/** Clear, visible messages for what went wrong (server unreachable, backend failed, run failed). */
import { el } from './dom';

const MAX_SHOWN = 5;

export class ProblemList {
  readonly element: HTMLUListElement;

  constructor() {
    this.element = el('ul', { className: 'problems' });
    this.element.hidden = true;
  }

  /** Shows `message` (newest first); a repeat of the newest message only bumps its count. */
  show(message: string, fatal: boolean): void {
    const newest = this.element.firstElementChild as HTMLLIElement | null;
    if (newest !== null && newest.dataset['message'] === message) {
      const count = Number(newest.dataset['count'] ?? '1') + 1;
      newest.dataset['count'] = String(count);
      newest.textContent = `${message} (×${count})`;
      return;
    }
    const item = el('li', { text: message, className: fatal ? 'fatal' : 'warning', dataset: { message, count: '1' } });
    this.element.prepend(item);
    while (this.element.childElementCount > MAX_SHOWN) this.element.lastElementChild?.remove();
    this.element.hidden = false;
  }

  /** Removes the messages that start with `prefix` (a problem that went away). */
  resolve(prefix: string): void {
    for (const item of [...this.element.children]) {
      if ((item as HTMLElement).dataset['message']?.startsWith(prefix) === true) item.remove();
    }
    this.element.hidden = this.element.childElementCount === 0;
  }

  clear(): void {
    this.element.replaceChildren();
    this.element.hidden = true;
  }
}
