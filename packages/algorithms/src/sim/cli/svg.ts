/**
 * SVG plot: relative error of the mean model vs virtual time, log y axis, one curve per algorithm.
 * Plain string output (no DOM): d3-scale maps the axes, d3-shape builds each path.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { SimResult } from '../index';

const WIDTH = 820;
const HEIGHT = 500;
const MARGIN = { top: 48, right: 170, bottom: 52, left: 72 };
/** Tableau 10: distinguishable colours, stable per run order. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

interface Point {
  readonly time: number;
  readonly error: number;
}

export function toSvg(results: readonly SimResult[], title: string): string {
  const series = results.map((r) => ({
    name: r.config.algorithm,
    points: r.samples.map((s): Point => ({ time: s.time, error: s.relErrorMean })),
  }));
  const all = series.flatMap((s) => s.points);
  const maxTime = Math.max(1e-9, ...all.map((p) => p.time));
  const [lowExp, highExp] = decadeRange(all.map((p) => p.error));

  const x = scaleLinear().domain([0, maxTime]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLog()
    .domain([10 ** lowExp, 10 ** highExp])
    .range([HEIGHT - MARGIN.bottom, MARGIN.top])
    .clamp(true);
  // Exact zeros (converged to machine precision) sit on the floor; NaN/Inf break the curve.
  const path = line<Point>()
    .defined((p) => Number.isFinite(p.error))
    .x((p) => x(p.time))
    .y((p) => y(Math.max(p.error, 10 ** lowExp)))
    .digits(2);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  out.push(...xAxis(x.ticks(8), x, maxTime), ...yAxis(lowExp, highExp, y));
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length] ?? '#000';
    out.push(`<path class="curve" data-algorithm="${escapeXml(s.name)}" d="${path(s.points) ?? ''}" fill="none" stroke="${colour}" stroke-width="2"/>`);
  });
  out.push(...legend(series.map((s) => s.name)), '</svg>');
  return out.join('\n') + '\n';
}

/** Whole decades covering every finite positive value (at least one decade). */
function decadeRange(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return [-1, 0];
  const low = Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.ceil(Math.log10(Math.max(...positive)));
  return [Math.max(low, -16), Math.max(high, low + 1)];
}

function xAxis(ticks: readonly number[], x: (v: number) => number, maxTime: number): string[] {
  const base = HEIGHT - MARGIN.bottom;
  const lines = [`<line x1="${MARGIN.left}" y1="${base}" x2="${x(maxTime)}" y2="${base}" stroke="black"/>`];
  for (const t of ticks) {
    const px = round(x(t));
    lines.push(`<line x1="${px}" y1="${base}" x2="${px}" y2="${base + 5}" stroke="black"/>`);
    lines.push(`<text x="${px}" y="${base + 18}" text-anchor="middle">${t}</text>`);
  }
  lines.push(`<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 12}" text-anchor="middle">virtual time</text>`);
  return lines;
}

function yAxis(lowExp: number, highExp: number, y: (v: number) => number): string[] {
  const left = MARGIN.left;
  const lines = [`<line x1="${left}" y1="${MARGIN.top}" x2="${left}" y2="${HEIGHT - MARGIN.bottom}" stroke="black"/>`];
  // Label every decade, or every other one when the range is wide, so labels never overlap.
  const step = highExp - lowExp > 10 ? 2 : 1;
  for (let e = lowExp; e <= highExp; e += step) {
    const py = round(y(10 ** e));
    lines.push(`<line x1="${left - 5}" y1="${py}" x2="${WIDTH - MARGIN.right}" y2="${py}" stroke="#ddd"/>`);
    lines.push(`<text x="${left - 8}" y="${py + 4}" text-anchor="end">1e${e}</text>`);
  }
  const cy = (MARGIN.top + HEIGHT - MARGIN.bottom) / 2;
  lines.push(`<text x="18" y="${cy}" text-anchor="middle" transform="rotate(-90 18 ${cy})">relative error of the mean model</text>`);
  return lines;
}

function legend(names: readonly string[]): string[] {
  const x0 = WIDTH - MARGIN.right + 16;
  const lines = [`<g class="legend">`];
  names.forEach((name, i) => {
    const y = MARGIN.top + 10 + i * 20;
    const colour = PALETTE[i % PALETTE.length] ?? '#000';
    lines.push(`<line x1="${x0}" y1="${y}" x2="${x0 + 24}" y2="${y}" stroke="${colour}" stroke-width="3"/>`);
    lines.push(`<text x="${x0 + 30}" y="${y + 4}">${escapeXml(name)}</text>`);
  });
  lines.push('</g>');
  return lines;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
