/**
 * Gilbert–Elliott two-state burst loss, one chain per directed link, stepped once per message: the chain
 * moves first (good→bad with pGoodToBad, bad→good with pBadToGood), then the message is lost with the
 * state's loss probability. Long-run loss = πG·lossGood + πB·lossBad with πB = pGB / (pGB + pBG).
 */
import type { BurstLoss } from '@canopy/protocol';

export type ChannelCondition = 'good' | 'bad';

export class GilbertElliott {
  #state: ChannelCondition = 'good';

  get state(): ChannelCondition {
    return this.#state;
  }

  /** Steps the chain; returns true when this message is lost. */
  step(model: BurstLoss, random: () => number): boolean {
    const flip = random();
    if (this.#state === 'good' ? flip < model.pGoodToBad : flip < model.pBadToGood) {
      this.#state = this.#state === 'good' ? 'bad' : 'good';
    }
    return random() < (this.#state === 'good' ? model.lossGood : model.lossBad);
  }
}

/** Long-run drop probability of a burst model (for tests and the UI). */
export function stationaryLoss(model: BurstLoss): number {
  const rate = model.pGoodToBad + model.pBadToGood;
  const bad = rate === 0 ? 0 : model.pGoodToBad / rate;
  return (1 - bad) * model.lossGood + bad * model.lossBad;
}
