/** Runs every compared method in every simulator scenario (once per process) and keeps what the tables need. */
import { runSimulation, type SimResult } from '@canopy/algorithms';
import type { ChartPoint } from '../../../packages/algorithms/src/sim/cli/line-chart';
import { comparedMethods } from './compared-methods';
import { scenarioLabel, SIM_SETTINGS, simConfig, simScenarios, type SimScenario } from './sim-scenarios';

export interface SimOutcome {
  readonly method: string;
  readonly scenario: SimScenario;
  /** η actually used. */
  readonly learningRate: number;
  /** First sampled virtual time with relative error ≤ target; undefined = never within the run. */
  readonly timeToTarget: number | undefined;
  /** Bytes all nodes had sent by then. */
  readonly bytesToTarget: number | undefined;
  readonly finalRelError: number;
  /** f(x̄) − f(x*) at the end. */
  readonly finalLossGap: number;
  readonly bytesTotal: number;
  /** Relative error of the mean model over virtual time. */
  readonly curve: readonly ChartPoint[];
  readonly realMs: number;
}

export function summarizeRun(method: string, scenario: SimScenario, result: SimResult, target: number): SimOutcome {
  const hit = result.samples.find((s) => s.relErrorMean <= target);
  return {
    method,
    scenario,
    learningRate: result.learningRate ?? Number.NaN,
    timeToTarget: hit?.time,
    bytesToTarget: hit?.bytesSent,
    finalRelError: result.final.relErrorMean,
    finalLossGap: result.final.lossGap,
    bytesTotal: result.final.bytesSent,
    curve: result.samples.map((s) => ({ x: s.time, y: s.relErrorMean })),
    realMs: result.realTimeMs,
  };
}

let cached: Promise<SimOutcome[]> | undefined;

/**
 * All scenarios × methods. Memoised: `pnpm bench` loads both the methods and the methods-sim sections in one
 * process, and they share these runs instead of simulating twice.
 */
export function simulateMethods(log: (line: string) => void): Promise<SimOutcome[]> {
  cached ??= Promise.resolve().then(() => {
    const outcomes: SimOutcome[] = [];
    for (const scenario of simScenarios()) {
      for (const method of comparedMethods()) {
        const outcome = summarizeRun(method.key, scenario, runSimulation(simConfig(method, scenario)), SIM_SETTINGS.target);
        const reached = outcome.timeToTarget === undefined ? `not within ${SIM_SETTINGS.duration}` : `t ${outcome.timeToTarget}`;
        log(`${scenarioLabel(scenario)}: ${method.key} → ${reached}, final ${outcome.finalRelError.toExponential(2)} (${Math.round(outcome.realMs)} ms)`);
        outcomes.push(outcome);
      }
    }
    return outcomes;
  });
  return cached;
}
