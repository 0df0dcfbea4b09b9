/** The end-of-run summary: one row per tab (cli-table3 for the terminal, Markdown for the report). */
import Table from 'cli-table3';
import { describeParams } from '../../../packages/algorithms/src/sim/cli/param-setting';
import { formatBytes, formatPercent, formatSeconds } from './format';
import { summarizeTabs, type TabSummary } from './measures';
import type { DemoResult } from './result';

export const SUMMARY_COLUMNS = ['tab', 'peer', 'role', 'backend', 'held-out acc', 'steps', 'steps/s', 'sent', 'received', 'drops', 'malformed', 'time to target'];

function row(s: TabSummary, target: number): string[] {
  return [
    s.straggler ? `${s.name} (slow)` : s.name,
    s.peerId ?? '—',
    s.role,
    s.backend ?? '—',
    formatPercent(s.accuracy),
    String(s.steps),
    s.stepsPerSecond === null ? '—' : s.stepsPerSecond.toFixed(1),
    formatBytes(s.bytesSent),
    formatBytes(s.bytesReceived),
    String(s.injectedDrops),
    String(s.malformedFrames),
    s.timeToTarget === null ? `not ${formatPercent(target)}` : formatSeconds(s.timeToTarget),
  ];
}

export function describeSettings(result: DemoResult): string {
  const s = result.settings;
  return [
    `${s.tabs} tab${s.tabs === 1 ? '' : 's'}`,
    Object.keys(s.params).length === 0 ? s.algo : `${s.algo} (${describeParams(s.params)})`,
    ...(s.compression === 'none' ? [] : [`${s.compression} compression`]),
    `η ${s.learningRate}`,
    `batch ${s.batchSize}`,
    s.nonIid === null ? 'IID shards' : `Dirichlet α ${s.nonIid}`,
    `loss ${s.loss}`,
    s.straggler > 1 ? `one tab ${s.straggler}× slower` : 'no straggler',
  ].join(' · ');
}

/** The two cluster figures, as sentences. */
export function targetLines(result: DemoResult): string[] {
  const { target } = result.settings;
  const limit = Math.round(result.trainedS);
  return [
    `time to ${formatPercent(target)} held-out accuracy, root tab: ${formatSeconds(result.timeToTarget.root, limit)}`,
    `time to ${formatPercent(target)} held-out accuracy, every tab: ${formatSeconds(result.timeToTarget.all, limit)}`,
  ];
}

export function summaryTable(result: DemoResult): string {
  // No colours: the same text goes to terminals, CI logs and the benchmark's pipe.
  const table = new Table({ head: SUMMARY_COLUMNS, style: { head: [], border: [] } });
  for (const s of summarizeTabs(result)) table.push(row(s, result.settings.target));
  return [
    `${describeSettings(result)} — trained ${result.trainedS.toFixed(0)} s (setup ${result.setupS.toFixed(0)} s)`,
    table.toString(),
    ...targetLines(result),
  ].join('\n');
}

export function summaryMarkdown(result: DemoResult): string {
  const lines = [`| ${SUMMARY_COLUMNS.join(' | ')} |`, `|${SUMMARY_COLUMNS.map(() => '---').join('|')}|`];
  for (const s of summarizeTabs(result)) lines.push(`| ${row(s, result.settings.target).join(' | ')} |`);
  return lines.join('\n');
}
