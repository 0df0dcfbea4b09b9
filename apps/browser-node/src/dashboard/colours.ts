/** One colour per node for the whole session, handed out in first-seen order (table swatch = chart line). */
import type { PeerId } from '@canopy/protocol';

/** Distinguishable on a projector; blue and orange stay reserved for the pull and push trees. */
export const NODE_PALETTE = [
  '#0f766e', '#7c3aed', '#be185d', '#4d7c0f', '#0369a1', '#b45309', '#9333ea', '#047857',
  '#c026d3', '#1d4ed8', '#a16207', '#0e7490', '#6d28d9', '#15803d', '#db2777', '#57534e',
] as const;

export const OVERLAY_PALETTE = ['#6b7280', '#a855f7', '#f43f5e', '#14b8a6', '#eab308', '#64748b'] as const;

export class ColourBook {
  readonly #assigned = new Map<PeerId, string>();

  colour(peer: PeerId): string {
    let colour = this.#assigned.get(peer);
    if (colour === undefined) {
      colour = NODE_PALETTE[this.#assigned.size % NODE_PALETTE.length] as string;
      this.#assigned.set(peer, colour);
    }
    return colour;
  }
}

export function overlayColour(index: number): string {
  return OVERLAY_PALETTE[index % OVERLAY_PALETTE.length] as string;
}
