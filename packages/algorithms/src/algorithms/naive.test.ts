import { describe, expect, it } from 'vitest';
import { NaiveTrackingNode } from './naive';
import { constant, deliver, incoming, only, options, step, toArray, treeView } from './test-support';

/** Root "r" and leaf "a", initialised with g_r = [1, 1] and g_a = [2, −2]. */
function pair() {
  const root = new NaiveTrackingNode(options(treeView('r', { children: ['a'] }), [0, 0], { learningRate: 2 }));
  const leaf = new NaiveTrackingNode(options(treeView('a', { parent: 'r' }), [0, 0], { learningRate: 2 }));
  step(root, constant([1, 1]));
  step(leaf, constant([2, -2]));
  return { root, leaf };
}

const increment = (messages: ReturnType<typeof step>) => only(messages, (m) => m.kind === 'tracker-increment');

describe('naive tracking node', () => {
  it('pushes the increment c·z itself, not a running sum', () => {
    const { leaf } = pair();
    // z = [2, −2]: pushes ½z = [1, −1] and keeps [1, −1]; next time it pushes half of that.
    expect(toArray(increment(step(leaf, constant([2, -2]))).payload)).toEqual([1, -1]);
    expect(toArray(increment(step(leaf, constant([2, -2]))).payload)).toEqual([0.5, -0.5]);
  });

  it('adds every increment it receives, in any order: without loss Σz = Σg', () => {
    const { root, leaf } = pair();
    const first = increment(step(leaf, constant([2, -2])));
    const second = increment(step(leaf, constant([2, -2])));
    expect(deliver(root, 'a', second).accepted).toBe(true);
    expect(deliver(root, 'a', first).accepted).toBe(true);
    step(root, constant([1, 1]));
    const sum = [0, 1].map((k) => (root.tracker().z[k] as number) + (leaf.tracker().z[k] as number));
    expect(sum).toEqual([3, -1]);
  });

  it('loses the mass of a lost packet for good (why R-FAST sends running sums)', () => {
    const { root, leaf } = pair();
    step(leaf, constant([2, -2])); // its increment [1, −1] is lost
    deliver(root, 'a', increment(step(leaf, constant([2, -2]))));
    for (let i = 0; i < 3; i++) {
      deliver(root, 'a', increment(step(leaf, constant([2, -2]))));
      step(root, constant([1, 1]));
    }
    const sum = [0, 1].map((k) => (root.tracker().z[k] as number) + (leaf.tracker().z[k] as number));
    // Σg = [3, −1]; the lost [1, −1] never comes back.
    expect(sum).toEqual([2, 0]);
  });

  it('refuses non-finite increments and running-sum packets', () => {
    const { root } = pair();
    expect(root.receive(incoming('a', 'tracker-increment', [Number.NaN, 0]))).toEqual({ accepted: false, reason: 'non-finite' });
    expect(root.receive(incoming('a', 'tracker', [1, 0]))).toEqual({ accepted: false, reason: 'unexpected-kind' });
    expect(root.tracker().z[0]).toBe(1);
  });
});
