/**
 * A small SVG line chart as a plain string (no DOM): one curve per series, a legend, a linear x axis and a
 * log or linear y axis. d3-scale maps the axes, d3-shape builds each path. Shared by the simulator CLI
 * (error vs virtual time) and `pnpm demo` (held-out accuracy vs wall time).
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

/** Log: whole decades covering the data, zeros on the floor. Linear: a fixed range, values clamped into it. */
export type YAxis =
  | { readonly kind: 'log' }
  | {
      readonly kind: 'linear';
      readonly min: number;
      readonly max: number;
      readonly format?: (value: number) => string;
      /** About how many labelled ticks (default 5). */
      readonly ticks?: number;
    };

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly yAxis: YAxis;
  readonly series: readonly ChartSeries[];
  /** Each curve carries `data-<seriesAttribute>="<name>"`, so tests and scripts can find it. */
  readonly seriesAttribute: string;
}

const WIDTH = 820;
const HEIGHT = 500;
const MARGIN = { top: 48, right: 170, bottom: 52, left: 72 };
/** Tableau 10: distinguishable colours, stable per series order. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

interface YMapping {
  readonly map: (value: number) => number;
  readonly axis: string[];
}

export function lineChartSvg(chart: LineChart): string {
  const all = chart.series.flatMap((s) => s.points);
  const maxX = Math.max(1e-9, ...all.map((p) => p.x));
  const x = scaleLinear().domain([0, maxX]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = chart.yAxis.kind === 'log' ? logY(all.map((p) => p.y), chart.yLabel) : linearY(chart.yAxis, chart.yLabel);
  // Non-finite values (divergence, not measured yet) break the curve instead of drawing a spike.
  const path = line<ChartPoint>()
    .defined((p) => Number.isFinite(p.y) && Number.isFinite(p.x))
    .x((p) => x(p.x))
    .y((p) => y.map(p.y))
    .digits(2);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(chart.title)}</text>`,
  ];
  out.push(...xAxis(x.ticks(8), x, maxX, chart.xLabel), ...y.axis);
  const attribute = `data-${chart.seriesAttribute.replace(/[^a-z0-9-]/gi, '')}`;
  chart.series.forEach((s, i) => {
    out.push(`<path class="curve" ${attribute}="${escapeXml(s.name)}" d="${path([...s.points]) ?? ''}" fill="none" stroke="${colourOf(i)}" stroke-width="2"/>`);
  });
  out.push(...legend(chart.series.map((s) => s.name)), '</svg>');
  return out.join('\n') + '\n';
}

function logY(values: readonly number[], label: string): YMapping {
  const [lowExp, highExp] = decadeRange(values);
  const scale = scaleLog()
    .domain([10 ** lowExp, 10 ** highExp])
    .range([HEIGHT - MARGIN.bottom, MARGIN.top])
    .clamp(true);
  // Label every decade, or every other one when the range is wide, so labels never overlap.
  const step = highExp - lowExp > 10 ? 2 : 1;
  const ticks: { value: number; label: string }[] = [];
  for (let e = lowExp; e <= highExp; e += step) ticks.push({ value: 10 ** e, label: `1e${e}` });
  // Exact zeros (converged to machine precision) sit on the floor.
  return { map: (v) => scale(Math.max(v, 10 ** lowExp)), axis: yAxis(ticks, scale, label) };
}

function linearY(axis: Extract<YAxis, { kind: 'linear' }>, label: string): YMapping {
  const scale = scaleLinear().domain([axis.min, axis.max]).range([HEIGHT - MARGIN.bottom, MARGIN.top]).clamp(true);
  const format = axis.format ?? String;
  const ticks = scale.ticks(axis.ticks ?? 5).map((value) => ({ value, label: format(value) }));
  return { map: (v) => scale(v), axis: yAxis(ticks, scale, label) };
}

/** Whole decades covering every finite positive value (at least one decade). */
function decadeRange(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return [-1, 0];
  const low = Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.ceil(Math.log10(Math.max(...positive)));
  return [Math.max(low, -16), Math.max(high, low + 1)];
}

function xAxis(ticks: readonly number[], x: (v: number) => number, maxX: number, label: string): string[] {
  const base = HEIGHT - MARGIN.bottom;
  const lines = [`<line x1="${MARGIN.left}" y1="${base}" x2="${x(maxX)}" y2="${base}" stroke="black"/>`];
  for (const t of ticks) {
    const px = round(x(t));
    lines.push(`<line x1="${px}" y1="${base}" x2="${px}" y2="${base + 5}" stroke="black"/>`);
    lines.push(`<text x="${px}" y="${base + 18}" text-anchor="middle">${t}</text>`);
  }
  lines.push(`<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(label)}</text>`);
  return lines;
}

function yAxis(ticks: readonly { value: number; label: string }[], y: (v: number) => number, label: string): string[] {
  const left = MARGIN.left;
  const lines = [`<line x1="${left}" y1="${MARGIN.top}" x2="${left}" y2="${HEIGHT - MARGIN.bottom}" stroke="black"/>`];
  for (const tick of ticks) {
    const py = round(y(tick.value));
    lines.push(`<line x1="${left - 5}" y1="${py}" x2="${WIDTH - MARGIN.right}" y2="${py}" stroke="#ddd"/>`);
    lines.push(`<text x="${left - 8}" y="${py + 4}" text-anchor="end">${escapeXml(tick.label)}</text>`);
  }
  const cy = (MARGIN.top + HEIGHT - MARGIN.bottom) / 2;
  lines.push(`<text x="18" y="${cy}" text-anchor="middle" transform="rotate(-90 18 ${cy})">${escapeXml(label)}</text>`);
  return lines;
}

function legend(names: readonly string[]): string[] {
  const x0 = WIDTH - MARGIN.right + 16;
  const lines = [`<g class="legend">`];
  names.forEach((name, i) => {
    const y = MARGIN.top + 10 + i * 20;
    lines.push(`<line x1="${x0}" y1="${y}" x2="${x0 + 24}" y2="${y}" stroke="${colourOf(i)}" stroke-width="3"/>`);
    lines.push(`<text x="${x0 + 30}" y="${y + 4}">${escapeXml(name)}</text>`);
  });
  lines.push('</g>');
  return lines;
}

function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#000';
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
