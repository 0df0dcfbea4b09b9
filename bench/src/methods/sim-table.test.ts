import type { MetricSample, SimResult } from '@canopy/algorithms';
import { describe, expect, it } from 'vitest';
import { SIM_SETTINGS } from './sim-scenarios';
import { summarizeRun, type SimOutcome } from './sim-runs';
import { compressionRatios, NOT_REACHED, SIM_COLUMNS, simRow, simTable } from './sim-table';

function sample(time: number, relErrorMean: number, bytesSent: number): MetricSample {
  return { time, activations: time * 16, relErrorMean, relErrorWorst: relErrorMean * 2, consensus: 0, lossGap: relErrorMean / 10,
    invariantResidual: Number.NaN, messagesSent: time, messagesLost: 0, bytesSent, epoch: 0 };
}

function fakeSim(errors: readonly number[]): SimResult {
  const samples = errors.map((e, t) => sample(t, e, 1000 * t));
  return { config: {} as SimResult['config'], samples, final: samples.at(-1) as MetricSample, timeToTarget: () => undefined, timeToAccuracy: () => undefined, realTimeMs: 5, learningRate: 0.5 };
}

const scenario = { straggler: true, loss: 0.2 };

describe('summarizeRun', () => {
  it('reads time and bytes at the first sample within the target, and the final errors', () => {
    const o = summarizeRun('rfast', scenario, fakeSim([1, 0.1, 5e-4, 2e-3, 1e-4]), 1e-3);
    expect(o).toMatchObject({ method: 'rfast', timeToTarget: 2, bytesToTarget: 2000, finalRelError: 1e-4, finalLossGap: 1e-5, bytesTotal: 4000, learningRate: 0.5 });
    expect(o.curve).toHaveLength(5);
    expect(o.curve[2]).toEqual({ x: 2, y: 5e-4 });
  });

  it('leaves both undefined when the target is never reached', () => {
    expect(summarizeRun('dpsgd', scenario, fakeSim([1, 0.5, 0.3]), 1e-3)).toMatchObject({ timeToTarget: undefined, bytesToTarget: undefined, finalRelError: 0.3 });
  });
});

const outcome = (method: string, extra: Partial<SimOutcome> = {}): SimOutcome => ({
  method, scenario, learningRate: 1.5, timeToTarget: 120, bytesToTarget: 2048, finalRelError: 1e-9, finalLossGap: 0, bytesTotal: 4096, curve: [], realMs: 10, ...extra,
});

describe('simRow', () => {
  it('shows one cell per column', () => {
    expect(simRow(outcome('rfast'))).toEqual(['×4', '0.2', 'rfast', '1.5', 120, '2.00 KiB', '1e-9', '0', '4.00 KiB']);
    expect(SIM_COLUMNS).toHaveLength(9);
  });

  it('says honestly that the target was not reached', () => {
    const row = simRow(outcome('dpsgd', { timeToTarget: undefined, bytesToTarget: undefined, finalRelError: 0.31 }));
    expect(row.slice(4, 7)).toEqual([NOT_REACHED, '—', '0.31']);
    expect(NOT_REACHED).toBe(`> ${SIM_SETTINGS.duration}`);
  });
});

describe('the compression target', () => {
  it('compares R-FAST+q8 with R-FAST in the same scenario and takes the worst scenario', () => {
    const calm = { straggler: false, loss: 0 };
    const outcomes = [
      outcome('rfast', { bytesTotal: 1000 }),
      outcome('rfast+q8', { bytesTotal: 250 }),
      outcome('rfast', { scenario: calm, bytesTotal: 1000 }),
      outcome('rfast+q8', { scenario: calm, bytesTotal: 300 }),
    ];
    expect(compressionRatios(outcomes).map((r) => r.ratio)).toEqual([0.25, 0.3]);
    const [target] = simTable(outcomes, undefined).targets;
    expect(target).toMatchObject({ measured: 0.3, met: false });
    expect(simTable(outcomes.slice(0, 2), undefined).targets[0]).toMatchObject({ measured: 0.25, met: true });
  });

  it('links the plot from the notes when there is one', () => {
    expect(simTable([outcome('rfast')], 'plot.svg').notes?.at(-1)).toMatch(/^!\[.*\]\(plot\.svg\)$/);
    expect(simTable([outcome('rfast')], undefined).notes?.join(' ')).not.toContain('.svg');
  });
});
