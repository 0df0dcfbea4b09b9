/**
 * Screening what a tracking node absorbs from its neighbours (ALGORITHMS.md, "Hostile values"; issue 16). A
 * well-formed, finite message can still be hostile: a running sum that injects mass, a model scaled ×1000. Each
 * message is measured against the node's OWN scale, never against the sender's history (a slow drift would
 * drag a history-based bound along):
 *  - S: the largest norm of the node's own local gradients so far (not of z, which a neighbour's mass feeds:
 *    an attacker could inflate it and loosen its own bound);
 *  - tracker: a running sum itself, ‖ρ_j‖, may be at most TRACKER_FACTOR · n · S. By R-FAST's invariant a
 *    link's running sum is its subtree's gradients less what the subtree still holds in z (bounded by at most
 *    n nodes' gradient scale), however long the run: mass injected a little at a time (a slow drift) still
 *    crosses the bound, where a per-message bound would let it through. (Naive increments: ‖increment‖.);
 *  - model: ‖v_j − x_i‖ may be at most max(MODEL_STEPS, A) · η · S: a neighbour's model is at most that many of
 *    this node's largest steps away, A being the age of the information the node acts on (its measured tree
 *    round trip, staleness-scaled-step.ts), since models drift apart for as many steps as news takes to
 *    travel. Without A, an honest 16-node run with 100-step link delays quarantined its own links. A peer can
 *    inflate A by echoing old sequence numbers; A counts here only up to MAX_MODEL_STEPS.
 * A message over its bound is refused (never clipped: what R-FAST absorbs stays exact). A link refused
 * STRIKES times within its last WINDOW messages is quarantined for the epoch: the node drops everything it
 * absorbed from it (tracker: z ← z − ρ̃_j, i.e. as if that subtree had not been in the room this epoch; model:
 * its own v stands in) and ignores the link, and the runner reports it. The bounds are loose on purpose: honest
 * runs (30% loss, stragglers, churn, compression, delays) must never trip them; the tests show zero refusals.
 */
import type { PeerId } from '@canopy/protocol';

export const TRACKER_FACTOR = 4;
export const MODEL_STEPS = 100;
/** The most steps of drift a model may show, however old the information (a bound on what lying echoes can loosen). */
export const MAX_MODEL_STEPS = 10 * MODEL_STEPS;
export const STRIKES = 3;
export const WINDOW = 20;
export const OBSERVE_EVERY = 4;

export type ScreenVerdict = 'accept' | 'refuse' | 'quarantine';

export class LinkScreening {
  private scale = 0;
  /** Per link: the outcomes of its last WINDOW screened messages (true = refused). */
  private readonly recent = new Map<PeerId, boolean[]>();
  private readonly isolated = new Set<PeerId>();

  constructor(
    private readonly size: number,
    private readonly learningRate: number,
  ) {}

  /** A new epoch: strikes and quarantines start over (the server may have evicted or moved the peer); the scale stays. */
  forEpoch(size: number): LinkScreening {
    const next = new LinkScreening(size, this.learningRate);
    next.scale = this.scale;
    return next;
  }

  /** The norm of one of the node's own local gradients. */
  observe(gradientNorm: number): void {
    if (Number.isFinite(gradientNorm) && gradientNorm > this.scale) this.scale = gradientNorm;
  }

  /** Largest mass one tracker message may add; Infinity before the node has a scale (nothing to compare with). */
  get trackerBound(): number {
    return this.scale > 0 ? TRACKER_FACTOR * this.size * this.scale : Number.POSITIVE_INFINITY;
  }

  /** Largest distance between a neighbour's model and ours, when the node's information is `age` steps old. */
  modelBound(age = 0): number {
    const steps = Math.min(MAX_MODEL_STEPS, Math.max(MODEL_STEPS, age));
    return this.scale > 0 ? steps * this.learningRate * this.scale : Number.POSITIVE_INFINITY;
  }

  isQuarantined(peer: PeerId): boolean {
    return this.isolated.has(peer);
  }

  /** Records one screened message of `peer` (`size` its measured norm, `bound` the limit) and says what to do. */
  judge(peer: PeerId, size: number, bound: number): ScreenVerdict {
    const refused = !(size <= bound);
    let outcomes = this.recent.get(peer);
    if (outcomes === undefined) {
      outcomes = [];
      this.recent.set(peer, outcomes);
    }
    outcomes.push(refused);
    if (outcomes.length > WINDOW) outcomes.shift();
    if (!refused) return 'accept';
    if (outcomes.filter(Boolean).length < STRIKES) return 'refuse';
    this.isolated.add(peer);
    return 'quarantine';
  }
}
