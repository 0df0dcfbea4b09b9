/** Layout units → pixels, and the line each edge is drawn on (shared by the SVG edges and the canvas dots). */
import type { PeerId } from '@canopy/protocol';
import type { Point } from './layout';

export interface Viewport {
  readonly width: number;
  readonly height: number;
  readonly padding: number;
  /** Pixels per layout unit at most, so that two nodes do not fill a big screen. */
  readonly maxUnit: number;
  /** Pixels per vertical unit at most when not uniform (tree rows need less room than siblings). */
  readonly maxRowUnit?: number;
  /** Same scale on both axes (circles stay circles); trees may stretch each axis on its own. */
  readonly uniform?: boolean;
  /** Room kept right of the rightmost node for its caption. */
  readonly captionWidth?: number;
}

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Scales the layout to fit the viewport, centred. */
export function fitLayout(positions: ReadonlyMap<PeerId, Point>, viewport: Viewport): Map<PeerId, Point> {
  const points = [...positions.values()];
  if (points.length === 0) return new Map();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const caption = viewport.captionWidth ?? 0;
  const usableW = Math.max(1, viewport.width - 2 * viewport.padding - caption);
  const usableH = Math.max(1, viewport.height - 2 * viewport.padding);
  const fitX = maxX > minX ? usableW / (maxX - minX) : Infinity;
  const fitY = maxY > minY ? usableH / (maxY - minY) : Infinity;
  const uniform = viewport.uniform ?? true;
  const unitX = uniform ? Math.min(viewport.maxUnit, fitX, fitY) : Math.min(viewport.maxUnit, fitX);
  const unitY = uniform ? unitX : Math.min(viewport.maxRowUnit ?? viewport.maxUnit, fitY);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return new Map(
    [...positions].map(([peer, p]) => [peer, { x: (viewport.width - caption) / 2 + (p.x - cx) * unitX, y: viewport.height / 2 + (p.y - cy) * unitY }]),
  );
}

/**
 * The drawn line of an edge between two node centres: shifted sideways by `offset` pixels (the sign is
 * relative to the direction from the lower peer id to the higher, as edgeOffsets assumes), and shortened by
 * `trim` at both ends so the line starts and its arrow ends at the node circles.
 */
export function edgeSegment(from: PeerId, to: PeerId, a: Point, b: Point, offset: number, trim: number): Segment {
  const forward = from < to;
  const [lo, hi] = forward ? [a, b] : [b, a];
  const length = Math.hypot(hi.x - lo.x, hi.y - lo.y) || 1;
  const nx = -(hi.y - lo.y) / length;
  const ny = (hi.x - lo.x) / length;
  const dx = (b.x - a.x) / length;
  const dy = (b.y - a.y) / length;
  const cut = Math.min(trim, length / 2 - 1);
  return {
    x1: a.x + nx * offset + dx * cut,
    y1: a.y + ny * offset + dy * cut,
    x2: b.x + nx * offset - dx * cut,
    y2: b.y + ny * offset - dy * cut,
  };
}

export function pointAt(segment: Segment, t: number): Point {
  return { x: segment.x1 + (segment.x2 - segment.x1) * t, y: segment.y1 + (segment.y2 - segment.y1) * t };
}
