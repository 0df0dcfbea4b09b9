/** Loss and train accuracy averaged over the steps since the last report (a single minibatch is noisy). */
export class ReportWindow {
  #lossSum = 0;
  #accuracySum = 0;
  #count = 0;
  #loss: number | null = null;
  #accuracy: number | null = null;

  add(loss: number, accuracy: number): void {
    this.#lossSum += loss;
    this.#accuracySum += accuracy;
    this.#count++;
  }

  /** Closes the window: the mean over it, or the previous window's values when no step happened. */
  flush(): { loss: number | null; accuracy: number | null } {
    if (this.#count > 0) {
      const loss = this.#lossSum / this.#count;
      const accuracy = this.#accuracySum / this.#count;
      this.#loss = Number.isFinite(loss) ? loss : null; // divergence is reported as null, never NaN
      this.#accuracy = Number.isFinite(accuracy) ? Math.min(1, Math.max(0, accuracy)) : null;
    }
    this.#lossSum = 0;
    this.#accuracySum = 0;
    this.#count = 0;
    return { loss: this.#loss, accuracy: this.#accuracy };
  }

  /** The last closed window's values. */
  get current(): { loss: number | null; accuracy: number | null } {
    return { loss: this.#loss, accuracy: this.#accuracy };
  }

  reset(): void {
    this.flush();
    this.#loss = null;
    this.#accuracy = null;
  }
}
