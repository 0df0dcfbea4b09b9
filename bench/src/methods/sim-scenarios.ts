/**
 * The simulator half of the methods benchmark: logistic regression on n = 16 nodes, with and without one 4×
 * straggler, at 0 and 20% i.i.d. loss. Compute and link timing are those of the sim section (bench/sections/sim.ts),
 * so the two tables can be read side by side; d = 100 so that payloads, not frame headers, dominate the bytes.
 */
import type { SimConfig } from '@canopy/algorithms';
import type { ComparedMethod } from './compared-methods';

export const SIM_SETTINGS = {
  nodes: 16,
  dimension: 100,
  samplesPerNode: 40,
  /** Virtual time units; one gradient takes 1·(1 ± 0.2). */
  duration: 800,
  /** Relative error ‖x̄ − x*‖ / ‖x*‖ of the mean model. */
  target: 1e-3,
  straggler: 4,
  losses: [0, 0.2],
  seed: 1,
} as const;

export interface SimScenario {
  readonly straggler: boolean;
  readonly loss: number;
}

export function simScenarios(): SimScenario[] {
  return [false, true].flatMap((straggler) => SIM_SETTINGS.losses.map((loss) => ({ straggler, loss })));
}

export function scenarioLabel(s: SimScenario): string {
  return `${s.straggler ? `one ${SIM_SETTINGS.straggler}× straggler` : 'no straggler'}, loss ${s.loss}`;
}

/** Each method runs with its own default η (the simulator's per-algorithm rule, learning-rate.ts). */
export function simConfig(method: ComparedMethod, s: SimScenario): SimConfig {
  const { nodes } = SIM_SETTINGS;
  return {
    algorithm: method.algorithm,
    nodes,
    topology: 'two-trees',
    fanOut: 2,
    problem: { kind: 'logistic', dimension: SIM_SETTINGS.dimension, samplesPerNode: SIM_SETTINGS.samplesPerNode },
    duration: SIM_SETTINGS.duration,
    compute: {
      base: 1,
      jitter: 0.2,
      // The last node is a leaf of the two trees, never the root.
      ...(s.straggler ? { stragglers: [{ node: nodes - 1, factor: SIM_SETTINGS.straggler }] } : {}),
    },
    delay: { mean: 0.1, jitter: 0.5 },
    loss: { kind: 'iid', p: s.loss },
    seed: SIM_SETTINGS.seed,
    // Time and bytes to target are read off the samples: one per unit of virtual time.
    sampleEvery: 1,
    ...(method.compression !== undefined ? { compression: method.compression } : {}),
  };
}
