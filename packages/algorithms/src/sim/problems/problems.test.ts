import { describe, expect, it } from 'vitest';
import { norm } from '../linalg';
import { createRandom } from '../random';
import { createProblem } from './create-problem';
import type { Problem, ProblemKind } from './problem';

const make = (kind: ProblemKind, extra: { stochastic?: boolean; heterogeneity?: number } = {}) =>
  createProblem({ kind, dimension: 6, samplesPerNode: 12, ...extra }, 5, createRandom(11));

/** Σ_s ∇f_s(x)/|S| with full gradients. */
function meanGradient(problem: Problem, shards: readonly number[], x: Float64Array): Float64Array {
  const total = new Float64Array(problem.dimension);
  const g = new Float64Array(problem.dimension);
  for (const s of shards) {
    problem.gradient(s, x, g, 'full', createRandom(0));
    for (let k = 0; k < g.length; k++) total[k] = (total[k] as number) + (g[k] as number) / shards.length;
  }
  return total;
}

describe.each<ProblemKind>(['least-squares', 'logistic'])('%s problem', (kind) => {
  it('has an exact optimum: the mean full gradient vanishes there, for any member set', () => {
    const problem = make(kind);
    for (const members of [[0, 1, 2, 3, 4], [1, 3, 4]]) {
      const { x, loss } = problem.optimum(members);
      expect(norm(meanGradient(problem, members, x))).toBeLessThan(1e-12);
      expect(loss).toBeCloseTo(problem.loss(members, x), 14);
      // Any other point is worse.
      const moved = x.map((v) => v + 1e-3);
      expect(problem.loss(members, moved)).toBeGreaterThan(loss);
    }
    expect(problem.optimum([0, 1, 2, 3, 4]).x).not.toEqual(problem.optimum([1, 3, 4]).x);
  });

  it('shards are heterogeneous: local gradients at x* do not vanish', () => {
    const problem = make(kind);
    const { x } = problem.optimum([0, 1, 2, 3, 4]);
    const local = new Float64Array(problem.dimension);
    problem.gradient(0, x, local, 'full', createRandom(0));
    expect(norm(local)).toBeGreaterThan(1e-3);
  });

  it('gradients match finite differences of the loss', () => {
    const problem = make(kind);
    const x = Float64Array.from({ length: 6 }, (_, k) => 0.1 * (k - 2));
    const g = new Float64Array(6);
    problem.gradient(2, x, g, 'full', createRandom(0));
    const h = 1e-6;
    for (let k = 0; k < 6; k++) {
      const plus = Float64Array.from(x);
      const minus = Float64Array.from(x);
      plus[k] = (plus[k] as number) + h;
      minus[k] = (minus[k] as number) - h;
      const numeric = (problem.loss([2], plus) - problem.loss([2], minus)) / (2 * h);
      expect(g[k]).toBeCloseTo(numeric, 6);
    }
  });

  it('minibatches are random when stochastic, and the full gradient otherwise', () => {
    const x = new Float64Array(6).fill(0.3);
    const full = new Float64Array(6);
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    const deterministic = make(kind);
    deterministic.gradient(1, x, full, 'full', createRandom(0));
    deterministic.gradient(1, x, a, 'minibatch', createRandom(5));
    expect(a).toEqual(full);
    const stochastic = make(kind, { stochastic: true });
    const random = createRandom(5);
    stochastic.gradient(1, x, a, 'minibatch', random);
    stochastic.gradient(1, x, b, 'minibatch', random);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(full);
  });

  it('estimates a smoothness constant that bounds the curvature along a random direction', () => {
    const problem = make(kind);
    const members = [0, 1, 2, 3, 4];
    const L = problem.smoothness(members);
    const x = new Float64Array(6);
    const dir = Float64Array.from({ length: 6 }, (_, k) => Math.sin(k + 1));
    const step = 1e-4 / norm(dir);
    const plus = x.map((v, k) => v + step * (dir[k] as number));
    const g0 = meanGradient(problem, members, x);
    const g1 = meanGradient(problem, members, plus);
    const curvature = norm(g1.map((v, k) => v - (g0[k] as number))) / (step * norm(dir));
    expect(curvature).toBeLessThanOrEqual(L * (1 + 1e-6));
  });
});

describe('createProblem', () => {
  it('refuses a nonsensical spec with a clear message', () => {
    expect(() => createProblem({ kind: 'least-squares', dimension: 0, samplesPerNode: 3 }, 2, createRandom(1))).toThrow(/dimension/);
    expect(() => createProblem({ kind: 'logistic', dimension: 3, samplesPerNode: 3, batchSize: 0 }, 2, createRandom(1))).toThrow(/batchSize/);
  });

  it('least squares with fewer samples than dimensions has no unique optimum: a clear error', () => {
    const problem = createProblem({ kind: 'least-squares', dimension: 20, samplesPerNode: 2 }, 3, createRandom(1));
    expect(() => problem.optimum([0, 1, 2])).toThrow(/positive definite/);
  });
});
