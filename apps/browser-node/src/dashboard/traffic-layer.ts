/** The moving dots, on a canvas over the SVG (hundreds of dots per frame are cheap on a canvas, costly as DOM). */
import { pairKey } from './edges';
import { pointAt } from './geometry';
import type { DrawnSegment } from './topology-view';
import type { Particle } from './traffic';

const COLOURS = { pull: '#2563eb', push: '#ea7a10', dropped: '#dc2626' } as const;
/** How far (px) a dropped dot falls before it has faded out. */
const FALL_PX = 46;

export class TrafficLayer {
  readonly #canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D | null;

  constructor(stage: HTMLElement) {
    this.#canvas = document.createElement('canvas');
    this.#canvas.className = 'traffic';
    this.#canvas.setAttribute('aria-hidden', 'true');
    stage.append(this.#canvas);
    this.#context = this.#canvas.getContext('2d');
  }

  resize(width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    this.#canvas.width = Math.round(width * ratio);
    this.#canvas.height = Math.round(height * ratio);
    this.#canvas.style.width = `${width}px`;
    this.#canvas.style.height = `${height}px`;
    this.#context?.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  draw(particles: readonly Particle[], segments: ReadonlyMap<string, DrawnSegment>): void {
    const ctx = this.#context;
    if (ctx === null) return;
    ctx.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    for (const p of particles) {
      const drawn = segments.get(pairKey(p.from, p.to));
      if (drawn === undefined) continue;
      const at = pointAt(drawn.segment, p.progress);
      const falling = p.dropped && p.fall > 0;
      ctx.globalAlpha = falling ? Math.max(0, 1 - p.fall) : 1;
      ctx.fillStyle = p.dropped ? COLOURS.dropped : COLOURS[drawn.edge.kind];
      ctx.beginPath();
      ctx.arc(at.x + (falling ? p.fall * 6 : 0), at.y + (falling ? p.fall * p.fall * FALL_PX : 0), p.dropped ? 4 : 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }
}
