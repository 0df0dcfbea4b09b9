/**
 * The curves (uPlot): held-out accuracy and loss of every node and their means on one chart (accuracy on the
 * left axis, loss on the right), earlier runs' mean accuracy overlaid, and the consensus spread below. The
 * charts are rebuilt only when the set of series changes (a node joins, an overlay is toggled); otherwise
 * new data is set at most once per `minIntervalMs`.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { buildChartData, type ChartData, type ChartSeries } from './chart-data';
import { overlayColour, type ColourBook } from './colours';
import { html } from './dom';
import type { RunRecord } from './runs';

const HEIGHT = 300;
const SPREAD_HEIGHT = 150;

function seriesOptions(s: ChartSeries, colours: ColourBook, overlayIndex: number): uPlot.Series {
  const scale = s.metric === 'accuracy' ? 'acc' : 'loss';
  const dash = s.metric === 'loss' ? [5, 4] : undefined;
  switch (s.role) {
    case 'node':
      // Translucent: 16 nodes' thin lines must not hide the means drawn over them.
      return { label: s.label, scale, stroke: `${colours.colour(s.peer ?? '')}b3`, width: 1, dash, spanGaps: false, points: { show: false } };
    case 'mean':
      return { label: s.label, scale, stroke: s.metric === 'accuracy' ? '#111827' : '#4b5563', width: 3, dash, spanGaps: false, points: { show: false } };
    case 'overlay':
      return { label: s.label, scale, stroke: overlayColour(overlayIndex), width: 2.5, dash: [2, 3], spanGaps: false, points: { show: false } };
  }
}

export class ChartsView {
  readonly #main: HTMLElement;
  readonly #spreadHost: HTMLElement;
  #plot: uPlot | null = null;
  #spread: uPlot | null = null;
  #keys = '';
  #lastDraw = -Infinity;
  #pending = false;

  constructor(
    container: HTMLElement,
    private readonly colours: ColourBook,
    private readonly minIntervalMs = 1_000,
  ) {
    this.#main = html('div', { class: 'chart', 'data-chart': 'accuracy-loss' });
    this.#spreadHost = html('div', { class: 'chart', 'data-chart': 'spread' });
    container.append(
      html('h2', {}, 'Accuracy (solid, left) and loss (dashed, right) of every node; thick: mean; dotted: earlier runs'),
      this.#main,
      html('h2', {}, 'Consensus spread: max − min held-out accuracy across nodes'),
      this.#spreadHost,
    );
    new ResizeObserver(() => this.#resize()).observe(container);
  }

  /** Draws now if the last draw is old enough (or `force`), else remembers to on a later call. */
  update(current: RunRecord | undefined, overlays: readonly RunRecord[], now: number, force = false): void {
    if (!force && now - this.#lastDraw < this.minIntervalMs) {
      this.#pending = true;
      return;
    }
    this.#pending = false;
    this.#lastDraw = now;
    this.#draw(buildChartData(current, overlays));
  }

  get pending(): boolean {
    return this.#pending;
  }

  /** The two chart canvases, for the PNG export. */
  canvases(): HTMLCanvasElement[] {
    return [this.#plot, this.#spread].flatMap((plot) => (plot === null ? [] : [plot.ctx.canvas]));
  }

  #draw(data: ChartData): void {
    const keys = data.series.map((s) => s.key).join('|');
    const values: uPlot.AlignedData = [data.xs, ...data.series.map((s) => s.values)];
    if (keys !== this.#keys || this.#plot === null) {
      this.#keys = keys;
      this.#plot?.destroy();
      let overlays = 0;
      const series = data.series.map((s) => seriesOptions(s, this.colours, s.role === 'overlay' ? overlays++ : 0));
      this.#plot = new uPlot(
        {
          width: this.#width(),
          height: HEIGHT,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false }, acc: { range: [0, 1] }, loss: { auto: true } },
          axes: [
            { label: 'seconds since the run started' },
            { scale: 'acc', label: 'held-out accuracy' },
            { scale: 'loss', side: 1, label: 'loss', grid: { show: false } },
          ],
          series: [{ label: 's' }, ...series],
        },
        values,
        this.#main,
      );
    } else {
      this.#plot.setData(values);
    }
    const spreadValues: uPlot.AlignedData = [data.xs, data.spread];
    if (this.#spread === null) {
      this.#spread = new uPlot(
        {
          width: this.#width(),
          height: SPREAD_HEIGHT,
          legend: { show: false },
          // From 0 to a little above the widest spread seen: a spread of 2 points must be visible.
          scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(0.05, Math.min(1, max * 1.2))] } },
          axes: [{ label: 'seconds since the run started' }, { label: 'spread' }],
          series: [{ label: 's' }, { label: 'spread', stroke: '#dc2626', width: 2, fill: 'rgba(220,38,38,0.08)', points: { show: false } }],
        },
        spreadValues,
        this.#spreadHost,
      );
    } else {
      this.#spread.setData(spreadValues);
    }
  }

  #width(): number {
    return Math.max(320, this.#main.clientWidth || 640);
  }

  #resize(): void {
    const width = this.#width();
    this.#plot?.setSize({ width, height: HEIGHT });
    this.#spread?.setSize({ width, height: SPREAD_HEIGHT });
  }
}
