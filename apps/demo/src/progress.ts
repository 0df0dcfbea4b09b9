/**
 * Live progress, one line per tab: accuracy, steps, bytes, drops. A redrawn multibar when stdout is a TTY,
 * a plain block every few seconds otherwise (CI logs, the benchmark reading a pipe), or nothing.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { formatBytes, formatPercent } from './format';
import type { ProgressMode } from './options';
import type { TabInfo, TabSample } from './result';

export interface ProgressView {
  /** Training time so far and each tab's newest sample (null = unreadable now) with its last accuracy. */
  update(t: number, tabs: readonly TabView[]): void;
  /** A message that must not be overwritten by the redraw. */
  message(line: string): void;
  stop(): void;
}

export interface TabView {
  readonly info: TabInfo;
  readonly sample: TabSample | null;
  readonly accuracy: number | null;
}

export function tabLabel(view: TabView): string {
  const tags = [view.sample?.isRoot ? 'root' : '', view.info.straggler ? 'slow' : ''].filter((t) => t !== '');
  return tags.length === 0 ? view.info.name : `${view.info.name} (${tags.join(', ')})`;
}

/** The per-tab figures, shared by both renderings. */
export function tabFigures(view: TabView): string {
  const s = view.sample;
  if (s === null) return `acc ${formatPercent(view.accuracy)} | (no status)`;
  return [
    `acc ${formatPercent(view.accuracy)}`,
    `step ${s.step}`,
    `sent ${formatBytes(s.bytesSent)}`,
    `recv ${formatBytes(s.bytesReceived)}`,
    `drops ${s.injectedDrops}`,
  ].join(' | ');
}

export function plainBlock(t: number, tabs: readonly TabView[]): string {
  const width = Math.max(...tabs.map((v) => tabLabel(v).length));
  return tabs.map((v) => `[${t.toFixed(0).padStart(4)} s] ${tabLabel(v).padEnd(width)}  ${tabFigures(v)}`).join('\n');
}

export function resolveMode(mode: ProgressMode, isTty: boolean): Exclude<ProgressMode, 'auto'> {
  if (mode !== 'auto') return mode;
  return isTty ? 'bar' : 'lines';
}

export function createProgress(mode: ProgressMode, durationS: number, write: (text: string) => void = (t) => console.log(t)): ProgressView {
  const resolved = resolveMode(mode, process.stdout.isTTY === true);
  if (resolved === 'none') return { update: () => undefined, message: write, stop: () => undefined };
  if (resolved === 'lines') return linesView(write);
  return barView(durationS);
}

const LINES_EVERY_S = 10;

function linesView(write: (text: string) => void): ProgressView {
  let lastPrinted = -Infinity;
  let latest: { t: number; tabs: readonly TabView[] } | undefined;
  return {
    update(t, tabs) {
      latest = { t, tabs };
      if (t - lastPrinted < LINES_EVERY_S) return;
      lastPrinted = t;
      write(plainBlock(t, tabs));
    },
    message: write,
    stop() {
      // The final state, unless it was just printed.
      if (latest !== undefined && latest.t !== lastPrinted) write(plainBlock(latest.t, latest.tabs));
    },
  };
}

function barView(durationS: number): ProgressView {
  const multibar = new MultiBar(
    { format: '{label} {bar} {figures}', barsize: 20, hideCursor: true, clearOnComplete: false, autopadding: true, stopOnComplete: false },
    Presets.shades_classic,
  );
  const clock = multibar.create(Math.round(durationS), 0, { label: 'time', figures: '' });
  const bars: SingleBar[] = [];
  return {
    update(t, tabs) {
      const width = Math.max(4, ...tabs.map((v) => tabLabel(v).length));
      clock.update(Math.min(Math.round(t), Math.round(durationS)), { label: 'time'.padEnd(width), figures: `${t.toFixed(0)} / ${durationS} s` });
      tabs.forEach((view, i) => {
        const bar = bars[i] ?? multibar.create(100, 0, {});
        bars[i] = bar;
        bar.update(Math.round((view.accuracy ?? 0) * 100), { label: tabLabel(view).padEnd(width), figures: tabFigures(view) });
      });
    },
    message(line) {
      multibar.log(`${line}\n`);
    },
    stop() {
      multibar.stop();
    },
  };
}
