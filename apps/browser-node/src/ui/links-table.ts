/** One row per link with its counters: what this node sent to and received from each neighbour. */
import type { LinkStatus } from '../runner/status';
import { el } from './dom';
import { formatBytes, formatCount } from './format';

const COLUMNS = ['Peer', 'State', 'Route', 'Sent', 'Received', 'Msgs out', 'Msgs in', 'Dropped (injected)', 'Superseded', 'Malformed', 'Stale'] as const;

function cells(link: LinkStatus): string[] {
  return [
    link.peer,
    link.state,
    // A relayed link works but every byte crosses the TURN server: worth knowing when a link is slow.
    link.route ?? '…',
    formatBytes(link.bytesSent),
    formatBytes(link.bytesReceived),
    formatCount(link.messagesSent),
    formatCount(link.messagesReceived),
    formatCount(link.injectedDrops),
    // Replaced by a newer state before sending, wherever it waited (training worker or link).
    formatCount(link.superseded + link.replacedBeforeLink),
    formatCount(link.malformedFrames),
    formatCount(link.stale),
  ];
}

export class LinksTable {
  readonly element: HTMLTableElement;
  readonly #body: HTMLTableSectionElement;

  constructor() {
    this.#body = el('tbody');
    this.element = el('table', { className: 'links' }, [el('thead', {}, [el('tr', {}, COLUMNS.map((name) => el('th', { text: name })))]), this.#body]);
  }

  update(links: readonly LinkStatus[]): void {
    if (links.length === 0) {
      this.#body.replaceChildren(el('tr', {}, [el('td', { text: 'no links yet', className: 'empty' })]));
      (this.#body.firstElementChild?.firstElementChild as HTMLTableCellElement | null)?.setAttribute('colspan', String(COLUMNS.length));
      return;
    }
    this.#body.replaceChildren(
      ...links.map((link) => {
        const rejects = Object.entries(link.rejects).map(([reason, count]) => `${reason}: ${count}`).join(', ');
        return el('tr', { dataset: { peer: link.peer, state: link.state, route: link.route ?? 'unknown' }, title: rejects === '' ? 'no rejections' : rejects }, cells(link).map((text) => el('td', { text })));
      }),
    );
  }
}
