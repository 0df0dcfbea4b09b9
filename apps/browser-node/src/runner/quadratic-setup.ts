/**
 * A TrainingSetup with no tfjs: node i minimises f_i(x) = ½‖x − t_i‖², where t_i is derived from the
 * seed and the node's shard index. The optimum of the mean loss is the mean target, known exactly, so tests
 * (and benchmarks of the runner's own overhead) can check convergence without training a network.
 * Reported losses are per coordinate; "held-out" loss is the distance to that optimum; "accuracy" is
 * 1 / (1 + ‖x − t̄‖∞).
 */
import { deriveSeed, seededRandom } from '../training/random';
import type { GradientSource, PreparedRun, RunSpec, TrainingSetup } from './gradient-source';

export function quadraticTarget(seed: number, node: number, dimension: number): Float64Array {
  const random = seededRandom(deriveSeed(seed, node + 1));
  return Float64Array.from({ length: dimension }, () => 4 * random() - 2);
}

export function quadraticOptimum(seed: number, nodes: number, dimension: number): Float64Array {
  const mean = new Float64Array(dimension);
  for (let node = 0; node < nodes; node++) {
    const target = quadraticTarget(seed, node, dimension);
    for (let k = 0; k < dimension; k++) mean[k] = (mean[k] as number) + (target[k] as number) / nodes;
  }
  return mean;
}

export function quadraticSetup(dimension: number): TrainingSetup {
  return {
    async prepare(spec: RunSpec): Promise<PreparedRun> {
      const { seed } = spec.settings;
      const target = quadraticTarget(seed, spec.shard.node, dimension);
      const optimum = quadraticOptimum(seed, spec.shard.nodes, dimension);
      const source: GradientSource = {
        async gradients(points) {
          await new Promise((resolve) => setTimeout(resolve, 0)); // a real step takes time: let I/O run
          const gradients = points.map((x) => Float32Array.from(x, (value, k) => value - (target[k] as number)));
          const losses = points.map((x) => x.reduce((sum, value, k) => sum + 0.5 * (value - (target[k] as number)) ** 2, 0) / dimension);
          const at = points[0] ?? new Float32Array(dimension);
          return { loss: losses[0] ?? 0, accuracy: accuracyAt(at, optimum), gradients, losses };
        },
        async evaluate(x) {
          const loss = x.reduce((sum, value, k) => sum + 0.5 * (value - (optimum[k] as number)) ** 2, 0) / dimension;
          return { loss, accuracy: accuracyAt(x, optimum) };
        },
      };
      return { x0: new Float32Array(dimension), source, backend: 'cpu' };
    },
  };
}

function accuracyAt(x: Float32Array, optimum: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs((x[k] as number) - (optimum[k] as number)));
  return 1 / (1 + worst);
}
