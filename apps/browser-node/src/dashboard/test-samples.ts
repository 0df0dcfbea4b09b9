/** Test helper: a schema-valid metrics sample with overridable fields. */
import type { MetricsSample } from '@canopy/protocol';

export function sample(fields: Partial<MetricsSample> = {}): MetricsSample {
  return {
    room: 'r1',
    peerId: 'a',
    at: 0,
    runId: 1,
    epoch: 1,
    step: 0,
    loss: null,
    trainAccuracy: null,
    heldOutAccuracy: null,
    stepMs: null,
    backend: 'wasm',
    bytesSent: 0,
    bytesReceived: 0,
    messagesSent: 0,
    messagesReceived: 0,
    injectedDrops: 0,
    malformedFrames: 0,
    staleness: null,
    delayScale: 1,
    links: [],
    ...fields,
  };
}
