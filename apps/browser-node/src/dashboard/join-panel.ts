/**
 * The classroom's way in: the short join link as a QR code and as text on the dashboard. A click shows the code
 * large (for a projector); Escape or another click puts it back.
 */
import { html } from './dom';
import { joinUrl, parseJoinLinkInfo } from './join-link';
import { qrMatrix, qrPixels } from './qr-matrix';

const SCALE = 3;

export class JoinPanel {
  readonly element: HTMLElement;

  constructor(room: string) {
    this.element = html('figure', { class: 'join-link', id: 'join-link' }, html('figcaption', {}, 'join link…'));
    void this.#load(room);
  }

  async #load(room: string): Promise<void> {
    let url: string | null = null;
    try {
      const response = await fetch(`/api/rooms/${encodeURIComponent(room)}/join-link`);
      const info = parseJoinLinkInfo(await response.json());
      url = info === null ? null : joinUrl(info, window.location);
      if (info === null) throw new Error(`unexpected answer (${response.status})`);
    } catch (error) {
      this.element.replaceChildren(html('figcaption', { class: 'muted' }, `No join link: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (url === null) {
      this.element.replaceChildren(html('figcaption', { class: 'muted' }, 'The server listens on this machine only: start it with --host 0.0.0.0 for students to join.'));
      return;
    }
    this.#show(url, room);
  }

  #show(url: string, room: string): void {
    const pixels = qrPixels(qrMatrix(url), SCALE);
    const canvas = html('canvas', { class: 'qr', width: pixels.width, height: pixels.height, title: 'Show large (for a projector)', 'data-url': url });
    canvas.getContext('2d')?.putImageData(new ImageData(pixels.data, pixels.width, pixels.height), 0, 0);
    const toggle = (): void => {
      this.element.classList.toggle('projected');
    };
    canvas.addEventListener('click', toggle);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.element.classList.remove('projected');
    });
    this.element.replaceChildren(
      canvas,
      html('figcaption', {}, 'Join: ', html('a', { href: url, class: 'join-url', target: '_blank', rel: 'noopener' }, url), html('br'), html('small', {}, `room ${room}`)),
    );
  }
}
