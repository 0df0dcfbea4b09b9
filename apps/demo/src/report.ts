/** The report files of one run: accuracy vs time per tab (SVG), the series (CSV) and a Markdown page linking them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lineChartSvg } from '../../../packages/algorithms/src/sim/cli/line-chart';
import type { DemoResult } from './result';
import { describeSettings, summaryMarkdown, targetLines } from './summary';

export interface ReportFiles {
  readonly markdown: string;
  readonly svg: string;
  readonly csv: string;
}

export const CSV_HEADER = 'time_s,tab,peer,is_root,step,held_out_accuracy,loss,step_ms,bytes_sent,bytes_received,injected_drops,malformed_frames';

const cell = (value: number | null): string => (value === null ? '' : String(value));

/** Long format: one row per tab per poll; a tab that could not be read at a poll has no row there. */
export function toCsv(result: DemoResult): string {
  const lines = [CSV_HEADER];
  for (const poll of result.polls) {
    poll.tabs.forEach((s, i) => {
      if (s === null) return;
      const info = result.tabs[i];
      lines.push(
        [poll.t.toFixed(2), info?.name ?? `tab${i + 1}`, info?.peerId ?? '', s.isRoot ? 1 : 0, s.step, cell(s.accuracy), cell(s.loss),
          cell(s.stepMs === null ? null : Math.round(s.stepMs * 100) / 100), s.bytesSent, s.bytesReceived, s.injectedDrops, s.malformedFrames].join(','),
      );
    });
  }
  return lines.join('\n') + '\n';
}

export function accuracySvg(result: DemoResult): string {
  return lineChartSvg({
    title: `Held-out accuracy per tab — ${describeSettings(result)}`,
    xLabel: 'seconds since training started',
    yLabel: 'held-out accuracy',
    yAxis: { kind: 'linear', min: 0, max: 1, ticks: 10, format: (v) => `${Math.round(v * 100)}%` },
    seriesAttribute: 'tab',
    series: result.tabs.map((info, i) => ({
      name: info.straggler ? `${info.name} (slow)` : info.name,
      points: result.polls.flatMap((p) => {
        const accuracy = p.tabs[i]?.accuracy;
        return accuracy === null || accuracy === undefined ? [] : [{ x: p.t, y: accuracy }];
      }),
    })),
  });
}

export function reportMarkdown(result: DemoResult, files: { svg: string; csv: string }): string {
  const lines = [
    '# Canopy demo run',
    '',
    `Started ${result.startedAt}: ${describeSettings(result)}. Trained ${result.trainedS.toFixed(0)} s after a ${result.setupS.toFixed(0)} s setup`,
    '(tabs opened, connected over WebRTC and prepared while the room was paused; training time counts from the resume).',
    '',
    summaryMarkdown(result),
    '',
    ...targetLines(result).map((l) => `- ${l}`),
    '',
    `![held-out accuracy per tab](${files.svg})`,
    '',
    `Series (every poll, every tab): [${files.csv}](${files.csv}).`,
  ];
  if (result.badStatusReads > 0) lines.push('', `${result.badStatusReads} status reads failed (counted and skipped).`);
  for (const w of result.warnings) lines.push('', `> ${w}`);
  return lines.join('\n') + '\n';
}

export function writeReport(result: DemoResult, dir: string): ReportFiles {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const names = { svg: 'accuracy.svg', csv: 'series.csv' };
  const files = { markdown: join(out, 'report.md'), svg: join(out, names.svg), csv: join(out, names.csv) };
  writeFileSync(files.svg, accuracySvg(result));
  writeFileSync(files.csv, toCsv(result));
  writeFileSync(files.markdown, reportMarkdown(result, names));
  return files;
}
