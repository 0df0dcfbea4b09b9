import { describe, expect, it } from 'vitest';
import { RFastNode } from './rfast';
import { constant, deliver, incoming, only, options, step, toArray, treeView } from './test-support';
import type { Vector } from '../node';
import { VectorArena } from '../kernels/vector-arena';
import { MIN_ARENA_ELEMENTS } from '../kernels/tracking-vectors';

/** Child "a" of root "r" in a two-node tree; η = 2 and stepScale = ½ give γ = 1. */
function child(extra: Parameters<typeof options>[2] = {}) {
  return new RFastNode(options(treeView('a', { parent: 'r' }), [1, 2], { learningRate: 2, ...extra }));
}

function massResidual(nodes: readonly RFastNode[]): number[] {
  const d = 2;
  const total = new Array<number>(d).fill(0);
  for (const node of nodes) {
    const t = node.invariantTerms();
    for (let k = 0; k < d; k++) {
      total[k] = (total[k] as number) + (t.z[k] as number) - (t.g[k] as number);
      for (const l of t.outgoing) total[k] = (total[k] as number) + (l.values[k] as number);
      for (const l of t.incoming) total[k] = (total[k] as number) - (l.values[k] as number);
    }
  }
  return total;
}

describe('R-FAST node', () => {
  it('initialises g = z = ∇F(x⁰) on its first activation, sends nothing and counts no step', () => {
    const node = child();
    const plan = node.plan();
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([1, 2]);
    expect(node.complete({ grads: [Float64Array.from([0.5, -1])], loss: 0 })).toEqual([]);
    expect(toArray(node.invariantTerms().z)).toEqual([0.5, -1]);
    expect(toArray(node.invariantTerms().g)).toEqual([0.5, -1]);
    expect(node.steps).toBe(0);
  });

  it('performs steps 1–6: descend, mix (own v before the parent model arrives), track, push half, send', () => {
    const node = child();
    step(node, constant([1, 1]));
    const plan = node.plan();
    // v = x − γz = [0, 1]; no parent model yet, so its weight falls back on v itself.
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([0, 1]);
    const messages = node.complete({ grads: [Float64Array.from([3, 5])], loss: 0 });
    // z = [1,1] + [3,5] − [1,1] = [3,5]; ρ = ½z; z keeps ½.
    const tracker = only(messages, (m) => m.kind === 'tracker');
    expect(tracker).toMatchObject({ to: 'r', epoch: 0, seq: 0 });
    expect(toArray(tracker.payload)).toEqual([1.5, 2.5]);
    expect(toArray(node.invariantTerms().z)).toEqual([1.5, 2.5]);
    expect(toArray(node.model())).toEqual([0, 1]);
    expect(node.steps).toBe(1);

    expect(node.receive(incoming('r', 'model', [10, 20])).accepted).toBe(true);
    const next = node.plan();
    // v = [0, 1] − [1.5, 2.5]; x⁺ = ½v + ½v_r.
    expect(next.kind === 'gradient' && toArray(next.at[0] as Vector)).toEqual([4.25, 9.25]);
  });

  it('skips a non-finite local gradient and counts it: never applied, the mass invariant holds, the model stays finite', () => {
    const node = child();
    node.plan();
    expect(node.complete({ grads: [Float64Array.from([Number.NaN, 1])], loss: Number.NaN })).toEqual([]);
    expect(node.skippedGradients).toBe(1);
    step(node, constant([1, 1])); // initialisation retried with a finite gradient
    const before = toArray(node.invariantTerms().g);
    const plan = node.plan();
    if (plan.kind !== 'gradient') throw new Error('expected a gradient plan');
    const planned = toArray(plan.at[0] as Vector);
    const messages = node.complete({ grads: [Float64Array.from([Number.POSITIVE_INFINITY, 0])], loss: 0 });
    expect(node.skippedGradients).toBe(2);
    expect(node.steps).toBe(1); // the step itself happened: mixed, pushed and sent
    expect(toArray(node.invariantTerms().g)).toEqual(before);
    expect(toArray(node.model())).toEqual(planned);
    expect(toArray(only(messages, (m) => m.kind === 'tracker').payload).every(Number.isFinite)).toBe(true);
    // z + ρ = g: the skipped gradient added no mass anywhere.
    for (const residual of massResidual([node])) expect(Math.abs(residual)).toBeLessThan(1e-12);
    expect(toArray(node.model()).every(Number.isFinite)).toBe(true);
  });

  it('screens hostile running sums: refused, and after repeated refusals the link is quarantined and its mass taken back', () => {
    const root = new RFastNode(options(treeView('r', { children: ['a', 'b'] }), [0, 0], { learningRate: 1 }));
    step(root, constant([1, 1]));
    expect(deliver(root, 'a', { to: 'r', kind: 'tracker', epoch: 0, seq: 0, payload: Float64Array.from([0.5, 0.25]) }).accepted).toBe(true);
    expect(deliver(root, 'b', { to: 'r', kind: 'tracker', epoch: 0, seq: 0, payload: Float64Array.from([0.5, 0.5]) }).accepted).toBe(true);
    step(root, constant([1, 1])); // absorbs both
    const zBefore = toArray(root.invariantTerms().z);
    const hostile = (seq: number) => ({ to: 'r', kind: 'tracker' as const, epoch: 0, seq, payload: Float64Array.from([1e6, -1e6]) });
    expect(deliver(root, 'a', hostile(1))).toEqual({ accepted: false, reason: 'screened' });
    expect(deliver(root, 'a', hostile(2))).toEqual({ accepted: false, reason: 'screened' });
    expect(root.quarantined()).toEqual([]);
    expect(deliver(root, 'a', hostile(3))).toEqual({ accepted: false, reason: 'screened' });
    expect(root.quarantined()).toEqual(['a']);
    // Everything absorbed from a this epoch is taken back: as if its subtree had not been in the room.
    expect(toArray(root.invariantTerms().z)).toEqual([zBefore[0]! - 0.5, zBefore[1]! - 0.25]);
    expect(toArray(root.invariantTerms().incoming.find((l) => l.peer === 'a')!.values)).toEqual([0, 0]);
    expect(deliver(root, 'a', { to: 'r', kind: 'tracker', epoch: 0, seq: 4, payload: Float64Array.from([0.5, 0.25]) })).toEqual({ accepted: false, reason: 'quarantined' });
    expect(deliver(root, 'b', { to: 'r', kind: 'tracker', epoch: 0, seq: 1, payload: Float64Array.from([0.75, 0.5]) }).accepted).toBe(true);
    // A new epoch screens the link afresh (the server may have moved or evicted the peer); the report keeps it.
    root.setTopology(treeView('r', { children: ['a', 'b'], epoch: 1 }));
    expect(deliver(root, 'a', { to: 'r', kind: 'tracker', epoch: 1, seq: 5, payload: Float64Array.from([0.5, 0.25]) }).accepted).toBe(true);
    expect(root.quarantined()).toEqual(['a']);
  });

  it('with screening=0 (a trusted room) absorbs what screening would refuse: the switch really turns it off', () => {
    const root = new RFastNode(options(treeView('r', { children: ['a'] }), [0, 0], { learningRate: 1, params: { screening: 0 } }));
    step(root, constant([1, 1]));
    for (let seq = 1; seq <= 4; seq++) {
      expect(deliver(root, 'a', { to: 'r', kind: 'tracker', epoch: 0, seq, payload: Float64Array.from([1e6 * seq, -1e6 * seq]) }).accepted).toBe(true);
    }
    expect(root.quarantined()).toEqual([]);
    expect(() => new RFastNode(options(treeView('r'), [0, 0], { learningRate: 1, params: { screening: 2 } }))).toThrow(/screening must be 0 \(off\) or 1 \(on\)/);
  });

  it('screens hostile models: a quarantined parent is replaced by the node\'s own v in the mix', () => {
    const node = child();
    step(node, constant([1, 1]));
    expect(node.receive(incoming('r', 'model', [1.5, 2.5], { seq: 0 })).accepted).toBe(true);
    for (let seq = 1; seq <= 3; seq++) expect(node.receive(incoming('r', 'model', [1e7, 1e7], { seq }))).toEqual({ accepted: false, reason: 'screened' });
    expect(node.quarantined()).toEqual(['r']);
    const plan = node.plan();
    // v = x − γz = [1, 2] − [1, 1]; the parent's model no longer counts: x⁺ = v.
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([0, 1]);
    node.complete({ grads: [Float64Array.from([1, 1])], loss: 0 });
    // Isolated (its only model source quarantined), it takes its next parent's first model as x: until that
    // arrives it steps on its own; the trackers are left alone.
    node.setTopology(treeView('a', { parent: 'q', epoch: 1 }));
    step(node, constant([1, 1]));
    expect(node.receive(incoming('q', 'model', [7, 8], { seq: 0, epoch: 1 })).accepted).toBe(true);
    const z = toArray(node.invariantTerms().z);
    const resynced = node.plan();
    // x = [7, 8]; v = x − γz; x⁺ = ½v + ½v_q with v_q = [7, 8].
    expect(resynced.kind === 'gradient' && toArray(resynced.at[0] as Vector)).toEqual([7 - 0.5 * z[0]!, 8 - 0.5 * z[1]!]);
  });

  it('recover(): x ← the last good model at once, then the next parent model; trackers untouched', () => {
    const node = child();
    step(node, constant([1, 1]));
    expect(node.receive(incoming('r', 'model', [10, 20], { seq: 0 })).accepted).toBe(true);
    step(node, constant([2, 3]));
    const before = { z: toArray(node.invariantTerms().z), g: toArray(node.invariantTerms().g) };
    node.recover(Float64Array.from([5, 6]));
    expect(toArray(node.model())).toEqual([5, 6]);
    expect({ z: toArray(node.invariantTerms().z), g: toArray(node.invariantTerms().g) }).toEqual(before);
    // Re-sync: the parent's next model becomes x before the descent (γ = 1, r = ½): x⁺ = ½(x − z) + ½x.
    expect(node.receive(incoming('r', 'model', [7, 8], { seq: 1 })).accepted).toBe(true);
    const plan = node.plan();
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([7 - 0.5 * before.z[0]!, 8 - 0.5 * before.z[1]!]);
    expect(() => node.recover(undefined)).toThrow(/pending/);
    expect(() => new RFastNode(options(treeView('r', { children: ['a'] }), [1, 2])).recover(Float64Array.from([1]))).toThrow(RangeError);
  });

  it('recover() at the root (no model source): x ← the last good model, nothing to re-sync from', () => {
    const root = new RFastNode(options(treeView('r', { children: ['a'] }), [1, 2], { learningRate: 2 }));
    step(root, constant([1, 1]));
    step(root, constant([1, 1]));
    root.recover(Float64Array.from([3, 4]));
    expect(toArray(root.model())).toEqual([3, 4]);
    const plan = root.plan();
    // The root descends from the restored x: x⁺ = x − γz.
    const z = toArray(root.invariantTerms().z);
    expect(root.stepSize).toBe(1); // η = 2, stepScale = ½
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([3 - z[0]!, 4 - z[1]!]);
  });

  it('sends v on G_R to its children, the same payload for each', () => {
    const root = new RFastNode(options(treeView('r', { children: ['a', 'b'] }), [1, 1], { learningRate: 3 }));
    step(root, constant([1, 0]));
    const messages = step(root, constant([0, 0]));
    const models = messages.filter((m) => m.kind === 'model');
    expect(models.map((m) => m.to)).toEqual(['a', 'b']);
    expect(toArray(models[0]?.payload as Vector)).toEqual([0, 1]);
    expect(models[0]?.payload).toBe(models[1]?.payload);
    expect(messages.some((m) => m.kind === 'tracker')).toBe(false);
  });

  it('keeps the latest model per link by sequence number and refuses older ones', () => {
    const node = child();
    step(node, constant([0, 0]));
    expect(node.receive(incoming('r', 'model', [8, 8], { seq: 5 })).accepted).toBe(true);
    expect(node.receive(incoming('r', 'model', [100, 100], { seq: 3 }))).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(node.receive(incoming('r', 'model', [100, 100], { seq: 5 }))).toEqual({ accepted: false, reason: 'stale-seq' });
    const plan = node.plan();
    // z = 0, so v = x = [1, 2]; x⁺ = ½[1, 2] + ½[8, 8].
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([4.5, 5]);
    expect(node.rejected()).toEqual({ 'stale-seq': 2 });
  });

  it('refuses malformed or misaddressed packets with a reason, counts them, and keeps what it held', () => {
    const node = child();
    step(node, constant([0, 0]));
    expect(node.receive(incoming('r', 'model', [3, 3], { seq: 1 })).accepted).toBe(true);
    const refusals = [
      node.receive(incoming('r', 'model', [Number.NaN, 1], { seq: 2 })),
      node.receive(incoming('r', 'model', [1, Number.POSITIVE_INFINITY], { seq: 2 })),
      node.receive(incoming('r', 'model', [1, 2, 3], { seq: 2 })),
      node.receive(incoming('r', 'model', [1, 2], { seq: 2, epoch: -1 })),
      node.receive(incoming('r', 'model', [1, 2], { seq: 2, epoch: 1 })),
      node.receive(incoming('x', 'model', [1, 2], { seq: 2 })),
      node.receive(incoming('r', 'tracker', [1, 2], { seq: 2 })),
      node.receive(incoming('r', 'gossip', [1, 2], { seq: 2 })),
    ];
    expect(refusals.map((r) => (r.accepted ? 'accepted' : r.reason))).toEqual([
      'non-finite',
      'non-finite',
      'wrong-size',
      'stale-epoch',
      'future-epoch',
      'not-a-neighbour',
      'not-a-neighbour',
      'unexpected-kind',
    ]);
    expect(node.rejected()).toEqual({ 'non-finite': 2, 'wrong-size': 1, 'stale-epoch': 1, 'future-epoch': 1, 'not-a-neighbour': 2, 'unexpected-kind': 1 });
    // The refused NaN packet did not replace the held model, and its seq was not consumed.
    const plan = node.plan();
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([2, 2.5]);
    expect(node.receive(incoming('r', 'model', [5, 5], { seq: 2 })).accepted).toBe(true);
  });

  it('recovers the mass of a lost tracker packet from the next one (running sums)', () => {
    const root = new RFastNode(options(treeView('r', { children: ['a'] }), [0, 0], { learningRate: 2 }));
    const leaf = child();
    step(root, constant([1, 1]));
    step(leaf, constant([2, -1]));
    step(leaf, constant([4, 0])); // first ρ packet: lost
    const second = only(step(leaf, constant([4, 2])), (m) => m.kind === 'tracker');
    expect(deliver(root, 'a', second).accepted).toBe(true);
    step(root, constant([1, 1]));
    // Everything the leaf pushed so far is now inside z_r: no mass is outstanding on the link.
    const link = root.invariantTerms().incoming[0];
    expect(toArray(link?.values as Float64Array)).toEqual(toArray(leaf.invariantTerms().outgoing[0]?.values as Float64Array));
    expect(massResidual([root, leaf]).every((v) => Math.abs(v) < 1e-15)).toBe(true);
  });

  it('on a newer epoch resets z ← g, ρ ← 0, ρ̃ ← 0, keeps x, and drops older packets', () => {
    const root = new RFastNode(options(treeView('r', { children: ['a'] }), [0, 0], { learningRate: 2 }));
    const leaf = child();
    step(root, constant([1, 1]));
    step(leaf, constant([2, -1]));
    deliver(root, 'a', only(step(leaf, constant([3, 1])), (m) => m.kind === 'tracker'));
    step(root, constant([1, 2]));
    const before = toArray(root.model());
    expect(root.setTopology(treeView('r', { children: ['a'], epoch: 0 }))).toEqual([]);
    expect(toArray(root.invariantTerms().incoming[0]?.values as Float64Array)).not.toEqual([0, 0]);

    root.setTopology(treeView('r', { children: ['a'], epoch: 1 }));
    const terms = root.invariantTerms();
    expect(toArray(terms.z)).toEqual(toArray(terms.g));
    expect(toArray(terms.incoming[0]?.values as Float64Array)).toEqual([0, 0]);
    expect(toArray(root.model())).toEqual(before);
    expect(root.epoch).toBe(1);
    expect(root.receive(incoming('a', 'tracker', [1, 1], { seq: 9 }))).toEqual({ accepted: false, reason: 'stale-epoch' });
    expect(root.receive(incoming('a', 'tracker', [1, 1], { seq: 0, epoch: 1 })).accepted).toBe(true);
  });

  it('refuses a topology meant for another peer', () => {
    expect(() => child().setTopology(treeView('b', { parent: 'r', epoch: 1 }))).toThrow(/"b"/);
  });

  it('joinFromParent: waits for its G_R parent model, adopts it, then initialises there', () => {
    const node = child({ joinFromParent: true });
    expect(node.plan()).toMatchObject({ kind: 'wait' });
    expect(node.receive(incoming('r', 'model', [7, 8], { seq: 41 })).accepted).toBe(true);
    const plan = node.plan();
    expect(plan.kind === 'gradient' && toArray(plan.at[0] as Vector)).toEqual([7, 8]);
    expect(node.complete({ grads: [Float64Array.from([1, 0])], loss: 0 })).toEqual([]);
    expect(toArray(node.model())).toEqual([7, 8]);
    expect(toArray(node.invariantTerms().z)).toEqual([1, 0]);
  });

  it('alone, it is gradient descent with step η', () => {
    const target = [3, -1];
    const node = new RFastNode(options(treeView('r'), [0, 0], { learningRate: 0.5 }));
    const grad = (x: Vector) => target.map((c, k) => (x[k] as number) - c);
    step(node, grad);
    step(node, grad);
    // One step from x⁰ = 0: x¹ = 0 − ½(0 − c) = c/2.
    expect(toArray(node.model())).toEqual([1.5, -0.5]);
    for (let i = 0; i < 60; i++) step(node, grad);
    const errors = toArray(node.model()).map((v, k) => Math.abs(v - (target[k] as number)));
    expect(Math.max(...errors)).toBeLessThan(1e-12);
  });

  it('works in float32 with float64 trackers', () => {
    const node = child({ precision: 'f32' });
    step(node, constant([0.1, 0.2]));
    const messages = step(node, constant([0.3, 0.4]));
    expect(node.model()).toBeInstanceOf(Float32Array);
    expect(only(messages, (m) => m.kind === 'tracker').payload).toBeInstanceOf(Float64Array);
  });

  it('builds nothing for a link that is not ready (sendsNow): no model, no running sum, no payload allocated', () => {
    let ready = false;
    const allocated: number[] = [];
    const allocate = (length: number, precision: 'f32' | 'f64') => {
      allocated.push(length);
      return precision === 'f32' ? new Float32Array(length) : new Float64Array(length);
    };
    const mid = new RFastNode(options(treeView('m', { parent: 'r', children: ['c'] }), [1, 2], { learningRate: 2, allocate, sendsNow: () => ready }));
    step(mid, constant([1, 1]));
    expect(step(mid, constant([3, 5]))).toEqual([]);
    expect(allocated).toEqual([]);
    // The share it would have pushed went into ρ all the same: the next running sum carries it.
    expect(toArray(mid.invariantTerms().outgoing[0]?.values as Float64Array)).toEqual([1.5, 2.5]);
    ready = true;
    const messages = step(mid, constant([3, 5]));
    expect(messages.map((m) => `${m.kind}→${m.to}`).sort()).toEqual(['model→c', 'tracker→r']);
    expect(toArray(only(messages, (m) => m.kind === 'tracker').payload)).toEqual([2.25, 3.75]);
  });

  it('with a paced transport (sendsNow), only ready links get messages, mass stays exact, and it converges', () => {
    // Quadratics f_i(x) = ½‖x − b_i‖²: the optimum is the mean of the b_i.
    const targets: Record<string, readonly number[]> = { r: [1, -2], a: [4, 0], b: [-2, 5] };
    const optimum = [0, 1].map((k) => (targets.r![k]! + targets.a![k]! + targets.b![k]!) / 3);
    // A link is ready one step in three (offset per link and kind), as a paced browser link is.
    let t = 0;
    const ready = (from: string, to: string, kind: string) => (t + from.charCodeAt(0) + to.charCodeAt(0) + kind.length) % 3 === 0;
    const make = (id: string, view: Parameters<typeof treeView>[1]) =>
      new RFastNode(options(treeView(id, view), [0, 0], { learningRate: 0.3, sendsNow: (to, kind) => ready(id, to, kind) }));
    const nodes = { r: make('r', { children: ['a', 'b'] }), a: make('a', { parent: 'r' }), b: make('b', { parent: 'r' }) };
    let worst = 0;
    let sent = 0;
    for (t = 0; t < 1500; t++) {
      for (const [id, node] of Object.entries(nodes)) {
        const b = targets[id]!;
        for (const m of step(node, (x) => Array.from(x, (v, k) => v - b[k]!))) {
          expect(ready(id, m.to, m.kind)).toBe(true);
          expect(deliver(nodes[m.to as keyof typeof nodes], id, m).accepted).toBe(true);
          sent++;
        }
        worst = Math.max(worst, ...massResidual(Object.values(nodes)).map(Math.abs));
      }
    }
    // 4 directed (link, kind) pairs, each ready one step in three.
    expect(sent).toBeGreaterThan(1500 * 4 * 0.3);
    expect(sent).toBeLessThan(1500 * 4 * 0.37);
    expect(worst).toBeLessThan(1e-12);
    for (const node of Object.values(nodes)) for (let k = 0; k < 2; k++) expect(Math.abs(node.model()[k]! - optimum[k]!)).toBeLessThan(1e-9);
  });

  it('a large float32 node updates its vectors with the SIMD kernels: the same bits as the JavaScript loops', () => {
    const d = MIN_ARENA_ELEMENTS + 3;
    const x0 = Array.from({ length: d }, (_, k) => Math.sin(k) / 10);
    const target = Float32Array.from({ length: d }, (_, k) => Math.cos(k));
    const grad = (x: Vector) => Array.from(x, (v, k) => v - (target[k] as number));
    const trio = (kernels: 'auto' | 'js') => {
      const make = (id: string, view: Parameters<typeof treeView>[1]) => new RFastNode(options(treeView(id, view), x0, { learningRate: 0.2, precision: 'f32', kernels }));
      return { r: make('r', { children: ['a', 'b'] }), a: make('a', { parent: 'r' }), b: make('b', { parent: 'r' }) };
    };
    const before = VectorArena.live;
    const fast = trio('auto');
    expect(VectorArena.live).toBe(before + 3);
    const plain = trio('js');
    expect(VectorArena.live).toBe(before + 3);
    for (let t = 0; t < 25; t++) {
      for (const id of ['r', 'a', 'b'] as const) {
        const sent = [fast, plain].map((nodes) => {
          const messages = step(nodes[id], grad);
          for (const m of messages) if ((t + m.to.length) % 3 !== 0) deliver(nodes[m.to as 'r' | 'a' | 'b'], id, m); // some lost
          return messages.map((m) => `${m.kind}→${m.to}:${Array.from(m.payload).join(',')}`);
        });
        expect(sent[0]).toEqual(sent[1]);
      }
    }
    for (const id of ['r', 'a', 'b'] as const) {
      expect(Array.from(fast[id].model())).toEqual(Array.from(plain[id].model()));
      expect(Array.from(fast[id].invariantTerms().z)).toEqual(Array.from(plain[id].invariantTerms().z));
    }
  });

  it('complete() without a plan is a caller bug and throws', () => {
    expect(() => child().complete({ grads: [Float64Array.from([0, 0])], loss: 0 })).toThrow(/without a pending plan/);
  });
});
