import type { Random } from '../random';
import { LeastSquaresProblem } from './least-squares';
import { LogisticProblem } from './logistic';
import type { Problem, ProblemSpec } from './problem';
import { generateShards } from './shards';

const DEFAULT_BATCH = 8;
const DEFAULT_LOGISTIC_REGULARIZATION = 1e-2;

/** Builds the problem with `shardCount` shards (initial nodes plus every joiner). */
export function createProblem(spec: ProblemSpec, shardCount: number, random: Random): Problem {
  const { dimension, samplesPerNode } = spec;
  if (!(Number.isInteger(dimension) && dimension >= 1)) throw new RangeError(`problem.dimension must be a positive integer, got ${dimension}`);
  if (!(Number.isInteger(samplesPerNode) && samplesPerNode >= 1)) {
    throw new RangeError(`problem.samplesPerNode must be a positive integer, got ${samplesPerNode}`);
  }
  const heterogeneity = spec.heterogeneity ?? 1;
  if (!(heterogeneity >= 0)) throw new RangeError(`problem.heterogeneity must be ≥ 0, got ${heterogeneity}`);
  const batchSize = spec.batchSize ?? Math.min(samplesPerNode, DEFAULT_BATCH);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`problem.batchSize must be a positive integer, got ${batchSize}`);
  const shards = generateShards({ kind: spec.kind, dimension, samples: samplesPerNode, heterogeneity, count: shardCount }, random);
  const stochastic = spec.stochastic ?? false;
  if (spec.kind === 'least-squares') {
    return new LeastSquaresProblem(shards, dimension, spec.regularization ?? 0, stochastic, batchSize);
  }
  return new LogisticProblem(shards, dimension, spec.regularization ?? DEFAULT_LOGISTIC_REGULARIZATION, stochastic, batchSize);
}
