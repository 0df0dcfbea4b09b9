/** TrainingStatus → the protocol's MetricsReport (bounded, finite, schema-valid). */
import { SIGNALING_LIMITS, type MetricsReport } from '@canopy/protocol';
import type { TrainingStatus } from './status';

const MAX_MS = 86_400_000;
const BACKEND_PATTERN = /^[a-z0-9][a-z0-9._-]{0,31}$/;

const finiteOrNull = (value: number | null, max = Number.MAX_VALUE): number | null =>
  value !== null && Number.isFinite(value) ? Math.min(max, Math.max(0, value)) : null;
const count = (value: number): number => Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.floor(value)));

/** The sample as the schema allows it: anything else becomes '?'. */
const printable = (text: string): string => text.replace(/[^\n\x20-\x7e]/g, '?');

/** null when there is nothing to report yet (no run or no epoch). */
export function metricsReport(status: TrainingStatus): MetricsReport | null {
  if (status.runId === null || status.epoch === null) return null;
  return {
    runId: status.runId,
    epoch: status.epoch,
    step: count(status.step),
    loss: status.loss !== null && Number.isFinite(status.loss) ? status.loss : null,
    trainAccuracy: finiteOrNull(status.trainAccuracy, 1),
    heldOutAccuracy: finiteOrNull(status.heldOutAccuracy, 1),
    heldOutLoss: finiteOrNull(status.heldOutLoss, 1e6),
    ...(status.sample === null ? {} : { sample: printable(status.sample).slice(0, SIGNALING_LIMITS.sampleLength) }),
    stepMs: finiteOrNull(status.stepMs, MAX_MS),
    backend: status.backend !== null && BACKEND_PATTERN.test(status.backend) ? status.backend : 'unknown',
    bytesSent: count(status.bytesSent),
    bytesReceived: count(status.bytesReceived),
    messagesSent: count(status.messagesSent),
    messagesReceived: count(status.messagesReceived),
    injectedDrops: count(status.injectedDrops),
    malformedFrames: count(status.malformedFrames),
    staleness: finiteOrNull(status.staleness, 1e9),
    delayScale: finiteOrNull(status.delayScale, 1) ?? 1,
    links: status.links.slice(0, SIGNALING_LIMITS.linksPerReport).map((link) => ({
      peer: link.peer,
      state: link.state,
      ...(link.route === null ? {} : { route: link.route }),
      bytesSent: count(link.bytesSent),
      bytesReceived: count(link.bytesReceived),
      messagesSent: count(link.messagesSent),
      messagesReceived: count(link.messagesReceived),
      injectedDrops: count(link.injectedDrops),
      malformedFrames: count(link.malformedFrames),
    })),
    quarantined: status.quarantined.slice(0, SIGNALING_LIMITS.linksPerReport),
    recoveries: count(status.recoveries),
  };
}
