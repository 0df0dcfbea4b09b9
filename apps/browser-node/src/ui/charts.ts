/** Live loss (train and held-out, in bits) and accuracy plots (uPlot). Points arrive with each metrics report (≤ 2 Hz) and evaluation. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el } from './dom';
import { SeriesBuffer } from './series';

const HEIGHT = 220;

function chart(title: string, lines: readonly { label: string; stroke: string }[], yRange?: [number, number]): { element: HTMLElement; plot: uPlot } {
  const element = el('figure', { className: 'chart' });
  const plot = new uPlot(
    {
      title,
      width: 480,
      height: HEIGHT,
      scales: { x: { time: false }, ...(yRange === undefined ? {} : { y: { range: yRange } }) },
      axes: [{ label: 'seconds' }, {}],
      series: [{ label: 's' }, ...lines.map((line) => ({ label: line.label, stroke: line.stroke, width: 2, spanGaps: true }))],
    },
    [[], ...lines.map(() => [])],
    element,
  );
  return { element, plot };
}

export class TrainingCharts {
  readonly element: HTMLElement;
  readonly #started = performance.now();
  readonly #loss = new SeriesBuffer(2);
  readonly #accuracy = new SeriesBuffer(2);
  readonly #lossPlot: uPlot;
  readonly #accuracyPlot: uPlot;
  #runId: number | null = null;

  constructor() {
    // Cross-entropy in bits: a language model's bits per character (its perplexity is 2^bits).
    const loss = chart('Loss (bits; per character for text)', [
      { label: 'train', stroke: '#c0392b' },
      { label: 'held-out', stroke: '#8e44ad' },
    ]);
    const accuracy = chart(
      'Accuracy',
      [
        { label: 'train', stroke: '#2980b9' },
        { label: 'held-out', stroke: '#27ae60' },
      ],
      [0, 1],
    );
    this.#lossPlot = loss.plot;
    this.#accuracyPlot = accuracy.plot;
    this.element = el('section', { className: 'charts' }, [loss.element, accuracy.element]);
    new ResizeObserver(() => this.#resize()).observe(this.element);
  }

  /** A metrics report: train loss and accuracy. A new run starts the plots afresh. */
  addReport(runId: number, loss: number | null, trainAccuracy: number | null): void {
    this.#startRun(runId);
    const x = this.#seconds();
    this.#loss.push(x, [loss === null ? null : loss / Math.LN2, null]);
    this.#accuracy.push(x, [trainAccuracy, null]);
    this.#redraw();
  }

  addEvaluation(runId: number | null, accuracy: number, loss: number): void {
    if (runId !== null) this.#startRun(runId);
    this.#accuracy.push(this.#seconds(), [null, accuracy]);
    this.#loss.push(this.#seconds(), [null, Number.isFinite(loss) ? loss / Math.LN2 : null]);
    this.#redraw();
  }

  #startRun(runId: number): void {
    if (this.#runId === runId) return;
    this.#runId = runId;
    this.#loss.clear();
    this.#accuracy.clear();
  }

  #seconds(): number {
    return (performance.now() - this.#started) / 1000;
  }

  #redraw(): void {
    this.#lossPlot.setData(this.#loss.data());
    this.#accuracyPlot.setData(this.#accuracy.data());
  }

  #resize(): void {
    const width = Math.max(240, Math.floor(this.element.clientWidth / 2) - 16);
    this.#lossPlot.setSize({ width, height: HEIGHT });
    this.#accuracyPlot.setSize({ width, height: HEIGHT });
  }
}
