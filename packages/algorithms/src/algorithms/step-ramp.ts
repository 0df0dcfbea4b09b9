/**
 * After a topology change, a tracking node's step rises to its new value only gradually: by at most a factor of 2
 * over RAMP_DOUBLING exchanges, starting from the last step of the previous epoch. Within an epoch the step
 * follows its target (γ × the delay and staleness scales) as before, and a smaller target always applies at once.
 *
 * Why: a network trained with small steps sits in a sharper region than a larger step tolerates, and a sudden
 * larger step throws it out (a loss spike, the "catapult" of edge-of-stability training). Steps grow suddenly
 * after a tree repair: a 4-node room that lost an interior node has one tree level less, so the information age
 * halves, the staleness scale goes from ~0.6 to 1, and γ = η/n grows by 4/3 (more where the one that left computed
 * nothing, like the relaying attacker of byzantine.spec.ts: the room moved at 3/4 of η before). Measured:
 * - simulator, MNIST MLP, 4 nodes, delay 10, the interior node crashed at t = 600: without a ramp the consensus
 *   distance rose from ~0.07 to 0.2 and the mean model swung between 0.83 and 0.90; with one (200 exchanges per
 *   doubling) consensus stayed at 0.03–0.07 and accuracy rose steadily to 0.90; with the staleness scale off there
 *   was no swing either, so the jump is the cause;
 * - Chromium, 3 tabs and a relaying peer that leaves, one core busy, 6 runs each: the lowest tab in the next 22 s
 *   was 0.70–0.84 with 200 exchanges per doubling (training loss up to 1.7) and 0.83–0.86 with 1000 (up to 0.84);
 *   after the byzantine eviction 0.79–0.84 with 1000 (0.65–0.88, median 0.80, in 46 runs before).
 * At 50–200 steps a second, 1000 exchanges are 5–20 s. Only epochs ramp: ramping every rise would make the step
 * follow the lower envelope of a noisy scale and slow every run (a 16-node least-squares run with a straggler
 * ended 7× further from the optimum).
 *
 * The ramp moves x only (the step scales v ← x − γz), never z or the running sums: the mass invariant holds.
 */

/** Exchanges over which the step may at most double after a topology change. */
export const RAMP_DOUBLING = 1000;
const GROWTH = 2 ** (1 / RAMP_DOUBLING);

export class StepRamp {
  /** The step of the last exchange (undefined before the first). */
  #last: number | undefined;
  #ramping = false;

  /** A new epoch: from now on the step may grow from its last value only gradually, until it meets its target. */
  restart(): void {
    this.#ramping = this.#last !== undefined && this.#last > 0;
  }

  /** The step the next exchange would use for `target` (what the node reports; changes nothing). */
  peek(target: number): number {
    const last = this.#last;
    if (!this.#ramping || last === undefined) return target;
    return Math.min(target, last * GROWTH);
  }

  /** The step for this exchange: the target, or less while a ramp catches up with a target that grew. */
  take(target: number): number {
    const step = this.peek(target);
    if (step >= target) this.#ramping = false;
    this.#last = step;
    return step;
  }
}
