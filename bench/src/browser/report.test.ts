import { describe, expect, it } from 'vitest';
import type { LinkPart, RunnerMeasure, StepPart } from '../../pages/schemas';
import { cpuResult, meanCpu } from './cpu-report';
import { linkResult } from './link-report';
import { outsideGradient, stepResult } from './step-report';

const counters = { bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0, superseded: 0, malformedFrames: 0, staleMessages: 0 };
const cpu = { measuredPage: 1, otherPages: 0.5, network: 0.25, rest: 0.25 };

function measure(stepMs: number, count = 9): RunnerMeasure {
  return { stepMs: Array(count).fill(stepMs), requestMs: Array(count).fill(stepMs - 1), counters, phaseMs: 1000, cpu };
}

function part(bareMs: number, linkedMs: number): StepPart {
  const round = { placement: 'shared' as const, bareStepMs: Array(9).fill(bareMs), bareCpu: null, solo: measure(bareMs), linked: measure(linkedMs) };
  return { bareBackend: 'wasm', runnerBackend: 'wasm', dimension: 101_770, paceMs: 40, tensorLeak: 0, rounds: [round, round] };
}

describe('browser benchmark reports', () => {
  it('the step target is the median over rounds of each round’s linked/bare ratio of medians', () => {
    const round = (bareMs: number, linkedMs: number) => ({ placement: 'shared' as const, bareStepMs: [bareMs, bareMs, 100], bareCpu: null, solo: measure(bareMs), linked: measure(linkedMs) });
    // A slow round (drift) changes the pooled medians' ratio but not the paired ratios.
    const drifting: StepPart = { ...part(10, 11), rounds: [round(10, 11), round(10, 11), round(20, 22)] };
    const result = stepResult(drifting)!;
    expect(result.targets[0]?.measured).toBeCloseTo(1.1, 12);
    expect(result.rows.find((row) => String(row[0]).startsWith('ratio linked runner / bare (pooled'))?.[1]).toBe(0.55);
    expect(result.notes?.find((n) => n.includes('Per-round ratios'))).toContain('1.10 (one-node 1.00), 1.10 (one-node 1.00), 1.10');
  });

  it('the step target compares the medians of the linked runner and the bare step', () => {
    const met = stepResult(part(10, 10.5))!;
    expect(met.targets[0]?.measured).toBeCloseTo(1.05, 12);
    expect(met.targets[0]?.met).toBe(true);
    expect(met.notes?.some((n) => n.startsWith('Target missed'))).toBe(false);
    const missed = stepResult(part(10, 30))!;
    expect(missed.targets[0]?.measured).toBeCloseTo(3, 12);
    expect(missed.targets[0]?.met).toBe(false);
    expect(missed.notes?.find((n) => n.startsWith('Target missed'))).toContain('20.0 ms more');
  });

  it('the rest of a runner step is its interval minus its gradient request, step by step', () => {
    expect(outsideGradient({ ...measure(10, 3), stepMs: [10, 12, 15], requestMs: [9, 9] })).toEqual([1, 3]);
  });

  it('CPU phases average over the rounds that have a sample, and the table needs one', () => {
    expect(meanCpu([null, cpu, { ...cpu, network: 0.75 }])?.network).toBeCloseTo(0.5, 12);
    expect(meanCpu([null])).toBeNull();
    const table = cpuResult(part(10, 20));
    expect(table?.rows[2]).toEqual(['linked runner phases, shared', 1, 0.5, 0.25, 0.25, 2, 20]);
  });

  it('reads the target from the pinned rounds when the run has them; the shared rounds get a table without one', () => {
    const shared = part(10, 14).rounds;
    const pinned = part(10, 10.5).rounds.map((r) => ({ ...r, placement: 'pinned' as const }));
    const mixed: StepPart = { ...part(10, 10), rounds: [pinned[0]!, shared[0]!, pinned[1]!, shared[1]!] };
    const target = stepResult(mixed)!;
    expect(target.targets[0]).toMatchObject({ measured: 1.05, met: true });
    expect(target.targets[0]?.name).toContain('pinned');
    expect(target.notes?.some((n) => n.startsWith('Why the target reads the pinned rounds'))).toBe(true);
    const information = stepResult(mixed, 'shared')!;
    expect(information.targets).toEqual([]);
    expect(information.rows.find((row) => String(row[0]).startsWith('ratio linked runner / bare, median'))?.[1]).toBe(1.4);
    expect(information.notes?.some((n) => n.startsWith('A linked runner step takes 4.0 ms more'))).toBe(true);
    expect(stepResult(part(10, 10), 'pinned')).toBeNull();
    expect(cpuResult(mixed)?.rows.map((row) => row[0])).toEqual([
      'bare phases, pinned', 'one-node runner phases, pinned', 'linked runner phases, pinned',
      'bare phases, shared', 'one-node runner phases, shared', 'linked runner phases, shared',
    ]);
  });

  const transfers = (framedMs: number, relayedMs = 300): LinkPart['transfers'] =>
    [0, 1, 2].flatMap((round) => [
      { variant: 'raw-256k' as const, round, ms: 200, bytes: 4_000_000 },
      { variant: 'framed-64k' as const, round, ms: framedMs, bytes: 4_000_000 },
      { variant: 'framed-256k' as const, round, ms: 210, bytes: 4_000_000 },
      { variant: 'framed-64k-relayed' as const, round, ms: relayedMs, bytes: 4_000_000 },
    ]);

  it('the link target is the throughput ratio of the default framed path to raw sends', () => {
    const met = linkResult({ elements: 1_000_000, transfers: transfers(250) });
    expect(met.targets[0]?.measured).toBeCloseTo(0.8, 12);
    expect(met.targets[0]?.met).toBe(true);
    expect(met.rows[0]?.[2]).toBe(20); // 4 MB in 200 ms
    const missed = linkResult({ elements: 1_000_000, transfers: transfers(500) });
    expect(missed.targets[0]?.met).toBe(false);
  });

  it('the relay target is relayed over direct throughput of the same framed path', () => {
    const met = linkResult({ elements: 1_000_000, transfers: transfers(250, 400) });
    expect(met.targets[1]?.measured).toBeCloseTo(250 / 400, 12);
    expect(met.targets[1]?.met).toBe(true);
    expect(linkResult({ elements: 1_000_000, transfers: transfers(250, 600) }).targets[1]?.met).toBe(false);
  });
});
