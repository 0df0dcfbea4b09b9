/** Figures derived from a run's polls: time to the target accuracy and a per-tab summary. Pure functions. */
import type { DemoResult, Poll, TabSample } from './result';

/** First poll time at which the tab that is root then has held-out accuracy ≥ target. */
export function rootTimeToTarget(polls: readonly Poll[], target: number): number | null {
  const hit = polls.find((p) => p.tabs.some((s) => s !== null && s.isRoot && reached(s, target)));
  return hit?.t ?? null;
}

/** First poll time at which every tab (all read at that poll) has held-out accuracy ≥ target. */
export function allTimeToTarget(polls: readonly Poll[], target: number): number | null {
  const hit = polls.find((p) => p.tabs.length > 0 && p.tabs.every((s) => s !== null && reached(s, target)));
  return hit?.t ?? null;
}

export function tabTimeToTarget(polls: readonly Poll[], tab: number, target: number): number | null {
  const hit = polls.find((p) => {
    const s = p.tabs[tab];
    return s !== null && s !== undefined && reached(s, target);
  });
  return hit?.t ?? null;
}

const reached = (s: TabSample, target: number): boolean => s.accuracy !== null && s.accuracy >= target;

/** The tab's most recent sample (null when it was never read). */
export function lastSample(polls: readonly Poll[], tab: number): TabSample | null {
  for (let i = polls.length - 1; i >= 0; i--) {
    const s = polls[i]?.tabs[tab];
    if (s !== null && s !== undefined) return s;
  }
  return null;
}

/** The tab's most recent measured accuracy (held-out evaluations are periodic: the latest sample may be null). */
export function lastAccuracy(polls: readonly Poll[], tab: number): number | null {
  for (let i = polls.length - 1; i >= 0; i--) {
    const a = polls[i]?.tabs[tab]?.accuracy;
    if (a !== null && a !== undefined) return a;
  }
  return null;
}

export interface TabSummary {
  readonly name: string;
  readonly peerId: string | null;
  readonly role: 'root' | 'peer';
  readonly straggler: boolean;
  readonly backend: string | null;
  readonly accuracy: number | null;
  readonly steps: number;
  readonly stepsPerSecond: number | null;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly injectedDrops: number;
  readonly malformedFrames: number;
  readonly timeToTarget: number | null;
}

export function summarizeTabs(result: DemoResult): TabSummary[] {
  return result.tabs.map((info, i) => {
    const last = lastSample(result.polls, i);
    return {
      name: info.name,
      peerId: info.peerId,
      role: last?.isRoot ? 'root' : 'peer',
      straggler: info.straggler,
      backend: info.backend,
      accuracy: lastAccuracy(result.polls, i),
      steps: last?.step ?? 0,
      stepsPerSecond: last && result.trainedS > 0 ? last.step / result.trainedS : null,
      bytesSent: last?.bytesSent ?? 0,
      bytesReceived: last?.bytesReceived ?? 0,
      injectedDrops: last?.injectedDrops ?? 0,
      malformedFrames: last?.malformedFrames ?? 0,
      timeToTarget: tabTimeToTarget(result.polls, i, result.settings.target),
    };
  });
}
