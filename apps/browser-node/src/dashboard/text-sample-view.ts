/**
 * A language model's live text sample on the dashboard: the newest one any node reported in the current run,
 * with who wrote it, at which step and its held-out bits per character. Hidden until a sample arrives
 * (classifier runs never have one). Text only: the sample is set as textContent, never parsed as markup.
 */
import type { MetricsSample } from '@canopy/protocol';
import { bitsPerCharacter, perplexity } from '../training/data/text';
import { SAMPLE_PROMPT } from '../training/sample-prompt';
import { html } from './dom';

export class TextSampleView {
  readonly #element: HTMLElement;
  readonly #caption: HTMLElement;
  readonly #text: HTMLElement;
  #runId: number | null = null;

  constructor(container: HTMLElement, private readonly nameOf: (peer: string) => string) {
    this.#caption = html('p', { class: 'hint' });
    this.#text = html('pre', { id: 'text-sample', class: 'text-sample' });
    this.#element = html('section', { class: 'text-sample-panel' }, html('h2', {}, 'What the model writes now'), this.#caption, this.#text);
    this.#element.hidden = true;
    container.append(this.#element);
  }

  /** A metrics sample; only those carrying text (of the newest run seen) change the view. */
  show(sample: MetricsSample): void {
    if (this.#runId !== null && sample.runId < this.#runId) return;
    if (sample.runId !== this.#runId) {
      this.#runId = sample.runId;
      this.#element.hidden = true;
    }
    if (sample.sample === undefined) return;
    const bits = sample.heldOutLoss === null || sample.heldOutLoss === undefined ? '' : `, held-out ${bitsPerCharacter(sample.heldOutLoss).toFixed(2)} bits per character (perplexity ${perplexity(sample.heldOutLoss).toFixed(1)})`;
    this.#caption.textContent = `${this.nameOf(sample.peerId)} at step ${sample.step}${bits}:`;
    this.#text.textContent = `${SAMPLE_PROMPT}${sample.sample}`;
    this.#element.hidden = false;
  }
}
