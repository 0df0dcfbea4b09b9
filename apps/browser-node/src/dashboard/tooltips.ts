/** What the hover tooltips say about an edge and a node (pure: data in, rows out). */
import type { LossSettings } from '@canopy/protocol';
import { configuredLoss } from './control-actions';
import type { DrawnEdge } from './edges';
import { formatBytes, formatCount, formatNumber, formatPercent, formatRate } from './format';
import type { LinkRate } from './link-rates';
import type { NodeRow } from './node-stats';
import type { TooltipRows } from './tooltip';

/** `name` maps a peer id to what people call it (its display name). */
export function edgeTitle(edge: DrawnEdge, name: (peer: string) => string = (peer) => peer): string {
  const ends = `${name(edge.from)} → ${name(edge.to)}`;
  return edge.kind === 'pull' ? `Pull ${ends} (models, parent → child)` : `Push ${ends} (tracker mass, child → parent)`;
}

export function edgeRows(rate: LinkRate | null, loss: LossSettings | null, edge: DrawnEdge): TooltipRows {
  return [
    ['peers', `${edge.from} → ${edge.to}`],
    ['rate', formatRate(rate?.messagesPerSecond ?? null)],
    ['traffic', rate === null ? '–' : `${formatBytes(rate.bytesPerSecond)}/s`],
    ['dropped', formatRate(rate?.dropsPerSecond ?? null)],
    ['measured loss', formatPercent(rate?.loss ?? null)],
    ['injected loss setting', loss === null ? '–' : formatPercent(configuredLoss(loss, edge.from, edge.to), 0)],
  ];
}

export function nodeRows(row: NodeRow): TooltipRows {
  return [
    ['backend', row.backend],
    ['step', formatCount(row.step)],
    ['steps/s', formatNumber(row.stepsPerSecond, 1)],
    ['ms/step', formatNumber(row.stepMs, 0)],
    ['loss', formatNumber(row.loss, 3)],
    ['held-out accuracy', formatPercent(row.heldOutAccuracy)],
    ['train accuracy', formatPercent(row.trainAccuracy)],
    ['staleness (steps)', formatNumber(row.staleness, 1)],
    ['step scale (message gaps, information age)', formatNumber(row.delayScale, 2)],
    ['bytes sent / received', `${formatBytes(row.bytesSent)} / ${formatBytes(row.bytesReceived)}`],
    ['injected drops', formatCount(row.injectedDrops)],
    ['slowdown', row.stragglerFactor === 1 ? 'none' : `×${row.stragglerFactor}`],
    ['epoch · run', `${row.epoch ?? '–'} · ${row.runId ?? '–'}`],
  ];
}
