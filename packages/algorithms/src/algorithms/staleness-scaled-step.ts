/**
 * A step-size scale from how OLD the information a node uses is (issue 16, item 3), next to the message-gap
 * scale of delay-scaled-step.ts, which only sees how far apart messages arrive: on a link with a long delay but
 * no pacing, messages arrive every step and that scale never engages, while each one is hundreds of steps old.
 *
 * How the age is measured: every message a node sends carries an echo, the low 16 bits of 1 + the sequence
 * number of the newest message it accepted from the receiver (0: none yet; frame header, layout.ts). When the
 * echo comes back, the receiver knows how many of its OWN steps ago it sent what the peer has since used: the
 * round trip of that link, delays, pacing waits and the peer's step included. The tracking loop runs from a
 * leaf's gradient up to the root and the root's model back down, so the information a tree acts on is about
 * `depth` such round trips old: age A = depth · (largest smoothed round trip over the node's links).
 *
 * Why this rule: gradient descent on information τ steps old, x ← x − η·L·x(t − τ) on a quadratic, is stable
 * only while η·L·τ stays below about π/2; R-FAST moves the average like SGD at η (ALGORITHMS.md, "Effective
 * step"). So the node keeps η_eff · A ≤ B: γ_eff = γ · min(1, A₀ / A) with A₀ = B / η (`staleAge`). B is a
 * property of the problem's curvature, unknown to a node, so it is a hyper-parameter (`staleAge` in steps) with
 * a default measured on the simulator's problems and the MNIST model (DEFAULT_STALENESS_BUDGET). The scale moves
 * x only, never z or the running sums: the mass invariant is untouched.
 *
 * An echo is input from a peer, possibly a hostile one: one that claims an old echo can only shrink this node's
 * step (floored at MIN_SCALE, like the gap scale), and ages of half the 16-bit range or more are ignored as
 * impossible to tell apart from wrap-around.
 */
import type { PeerId } from '@canopy/protocol';
import { MIN_SCALE } from './delay-scaled-step';

/**
 * Default bound on η_eff · A (steps), for a node that does not know its problem's curvature: on the MNIST MLP
 * (room η 0.05) R-FAST trained at η·A ≈ 2 and failed at ≈ 8 (issue 15's sweeps), and with this default 4 nodes
 * with 100-step link delays reached 90% where the unscaled step never did (rfast-staleness notes in the README).
 */
export const DEFAULT_STALENESS_BUDGET = 2;
/**
 * Bound on L · η_eff · A where the curvature L is known (the simulator's convex problems): on least squares,
 * 16 nodes, delays of 10–300 steps converged exactly at 1 and diverged at 4.5 (staleness-scaled-step.test.ts).
 */
export const CURVATURE_STALENESS_BUDGET = 1;

/** Echoes are 16-bit on the wire. */
export const ECHO_MODULUS = 0x10000;
/** Larger ages are ignored (wrap-around, or a peer making things up). */
export const MAX_ECHO_AGE = ECHO_MODULUS / 2;

/** Weight of the newest round trip in the moving average. */
const SMOOTHING = 0.25;

/** The echo a node puts in a message to a peer whose newest accepted message had `seq` (0: none accepted yet). */
export function echoOf(seq: number | undefined): number {
  return seq === undefined ? 0 : (seq + 1) % ECHO_MODULUS;
}

/**
 * Steps since the node sent the message an echo names: `nextSeq` is the sequence number its next message will
 * carry. Undefined for no echo, or an age that cannot be real.
 */
export function echoAge(echo: number | undefined, nextSeq: number): number | undefined {
  if (echo === undefined || echo === 0 || !Number.isInteger(echo) || echo < 0 || echo >= ECHO_MODULUS) return undefined;
  const sentSeq = echo - 1;
  const age = (((nextSeq - sentSeq) % ECHO_MODULUS) + ECHO_MODULUS) % ECHO_MODULUS;
  return age >= 1 && age < MAX_ECHO_AGE ? age : undefined;
}

/** The default A₀ for learning rate η: ⌈DEFAULT_STALENESS_BUDGET / η⌉ steps (0, i.e. off, for a zero rate). */
export function defaultStaleAge(learningRate: number): number {
  return learningRate > 0 ? Math.ceil(DEFAULT_STALENESS_BUDGET / learningRate - 1e-9) : 0;
}

/** A₀ for a problem of curvature `curvature` (largest eigenvalue of the mean loss's Hessian) at learning rate η. */
export function staleAgeForCurvature(curvature: number, learningRate: number): number {
  const product = curvature * learningRate;
  return product > 0 && Number.isFinite(product) ? Math.max(1, Math.ceil(CURVATURE_STALENESS_BUDGET / product - 1e-9)) : 0;
}

export class StalenessScaledStep {
  /** Per peer: the smoothed round trip in this node's steps. */
  private readonly roundTrips = new Map<PeerId, number>();

  /** `staleAge` is A₀ in steps (0 turns the scaling off); `depth` the tree's round trips per loop (≥ 1). */
  constructor(
    private readonly staleAge: number,
    private readonly depth: number,
  ) {}

  /** A round trip of `age` steps was measured on the link with `peer`. */
  measured(peer: PeerId, age: number): void {
    const known = this.roundTrips.get(peer);
    this.roundTrips.set(peer, known === undefined ? age : known + SMOOTHING * (age - known));
  }

  /** A: depth × the largest smoothed round trip, in steps (0 before any echo came back). */
  get age(): number {
    let largest = 0;
    for (const roundTrip of this.roundTrips.values()) if (roundTrip > largest) largest = roundTrip;
    return this.depth * largest;
  }

  /** min(1, A₀ / A), floored at MIN_SCALE; 1 when the scaling is off. */
  get scale(): number {
    const age = this.age;
    if (this.staleAge === 0 || age <= this.staleAge) return 1;
    return Math.max(MIN_SCALE, this.staleAge / age);
  }
}
