/**
 * A step-size scale for asynchronous gradient tracking (R-FAST, naive) when neighbours'
 * messages arrive many of the node's OWN steps apart, as on a paced link (a few messages per second) of a
 * node that steps every few milliseconds.
 *
 * Why: between two messages a node descends against frozen neighbour information. Once γ·L·D ≳ 1 (D the
 * gap in steps) it reaches its local fixed point before the next message, and the pair of nodes becomes a
 * block-Jacobi iteration: on ½L‖x − b_i‖², root and child swap b_r and b_a forever (eigenvalue −1) instead
 * of meeting at the mean (rfast-delay.test.ts); on MNIST with 30% loss, two in-process runners at 800 ms
 * pacing (~80-step gaps) went from loss 0.45 to 41 within 45 s at η = 0.1, and stayed stable at η = 0.05.
 *
 * What: γ_eff = γ · min(1, D₀ / D), D the largest smoothed gap over the in-links, i.e. γ_eff·D ≤ γ·D₀, as in
 * delay-adaptive asynchronous SGD. The safe D₀ depends on the problem's curvature (γ·L·D₀ ≲ 1), so it is a
 * hyper-parameter (`stableDelay`; 0 turns it off). Its default bounds γ·D₀ by DEFAULT_DELAY_BUDGET: 50 steps
 * at γ = 0.1, where the MNIST MLP that blew up at 800 ms pacing (and at 1600 ms, loss 6·10⁵) trained to 90%
 * and the usual 30–45-step gaps of 400 ms pacing are left alone. A problem with larger curvature needs a
 * smaller D₀ (on the quadratic of rfast-delay.test.ts the default rescues curvature 0.2 but not 1). The scale moves x only, never z
 * or the running sums: the mass invariant is untouched. A link that falls silent keeps its last estimate,
 * and the scale never drops below MIN_SCALE, so a departed neighbour cannot freeze the node.
 */

/** Default bound on γ·D₀ (when params.stableDelay is not given). */
export const DEFAULT_DELAY_BUDGET = 5;

/** The default D₀ for step size γ: ⌈DEFAULT_DELAY_BUDGET / γ⌉ steps (0, i.e. off, for a zero step). */
export function defaultStableDelay(gamma: number): number {
  // The epsilon keeps a quotient that rounding lifts just above an integer (γ = η·scale) at that integer.
  return gamma > 0 ? Math.ceil(DEFAULT_DELAY_BUDGET / gamma - 1e-9) : 0;
}

/** Floor of the scale, against a pathological gap estimate. */
export const MIN_SCALE = 1 / 1024;
/** Weight of the newest gap in the moving average. */
const SMOOTHING = 0.25;

export class DelayScaledStep {
  /** Per in-link: the step count at its last message, and the smoothed gap (undefined until a second message). */
  private readonly links = new Map<string, { lastStep: number; gap: number | undefined }>();

  /** `stableDelay` is D₀ in steps; 0 turns the scaling off. */
  constructor(private readonly stableDelay: number) {}

  /** A message on in-link `link` was accepted when the node had completed `step` steps. */
  heard(link: string, step: number): void {
    const known = this.links.get(link);
    if (known === undefined) {
      this.links.set(link, { lastStep: step, gap: undefined });
      return;
    }
    const gap = step - known.lastStep;
    if (gap <= 0) return; // several messages between two steps: the gap is still open
    known.gap = known.gap === undefined ? gap : known.gap + SMOOTHING * (gap - known.gap);
    known.lastStep = step;
  }

  /** The largest smoothed gap over the in-links, in steps (0 before any link has sent twice). */
  get delay(): number {
    let largest = 0;
    for (const { gap } of this.links.values()) if (gap !== undefined && gap > largest) largest = gap;
    return largest;
  }

  /** min(1, D₀ / D), floored at MIN_SCALE; 1 when the scaling is off. */
  get scale(): number {
    const delay = this.delay;
    if (this.stableDelay === 0 || delay <= this.stableDelay) return 1;
    return Math.max(MIN_SCALE, this.stableDelay / delay);
  }
}
