/** A small, hand-made DemoResult for the unit tests (not used by the demo itself). */
import type { DemoResult, Poll, TabSample } from './result';

export function sample(step: number, accuracy: number | null, extra: Partial<TabSample> = {}): TabSample {
  return {
    step,
    accuracy,
    loss: 0.5,
    heldOutLoss: null,
    stepMs: 20,
    isRoot: false,
    bytesSent: step * 1000,
    bytesReceived: step * 900,
    injectedDrops: 0,
    malformedFrames: 0,
    ...extra,
  };
}

/** Two tabs: tab1 is the root and reaches 90% at t = 10; tab2 reaches it at t = 15 but is unreadable at t = 5. */
export function fakePolls(): Poll[] {
  return [
    { t: 0, tabs: [sample(0, null, { isRoot: true }), sample(0, null)] },
    { t: 5, tabs: [sample(50, 0.6, { isRoot: true }), null] },
    { t: 10, tabs: [sample(100, 0.91, { isRoot: true }), sample(90, 0.85)] },
    { t: 15, tabs: [sample(150, 0.93, { isRoot: true }), sample(140, 0.92, { injectedDrops: 7 })] },
    { t: 20, tabs: [sample(200, null, { isRoot: true }), sample(190, null, { injectedDrops: 9 })] },
  ];
}

export function fakeResult(overrides: Partial<DemoResult> = {}): DemoResult {
  return {
    settings: { tabs: 2, algo: 'rfast', params: {}, compression: 'none', learningRate: 0.05, batchSize: 32, loss: 0.3, straggler: 4, nonIid: null, durationS: 20, target: 0.9, room: 'demo' },
    startedAt: '2026-11-22T05:00:00.000Z',
    setupS: 4.2,
    trainedS: 20,
    tabs: [
      { name: 'tab1', peerId: 'p1', backend: 'wasm', straggler: false },
      { name: 'tab2', peerId: 'p2', backend: 'wasm', straggler: true },
    ],
    polls: fakePolls(),
    timeToTarget: { root: 10, all: 15 },
    badStatusReads: 1,
    warnings: ['tab2: status unreadable (evaluate-failed: Target closed)'],
    ...overrides,
  };
}
