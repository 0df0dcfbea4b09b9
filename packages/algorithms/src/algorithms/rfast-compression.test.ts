import { describe, expect, it } from 'vitest';
import { keyframeAckPayload, type CompressionSettings } from '@canopy/protocol';
import type { AlgorithmNode, OutgoingMessage, ReceiveResult, Vector } from '../node';
import { NaiveTrackingNode } from './naive';
import { RFastNode } from './rfast';
import { deliver, only, options, step, toArray, treeView } from './test-support';

const Q8: CompressionSettings = { name: 'q8', keyframeEvery: 4 };

function leaf(compression: CompressionSettings = Q8, id = 'a') {
  return new RFastNode(options(treeView(id, { parent: 'r' }), [1, 2, 3], { learningRate: 2, compression, random: seeded(3) }));
}

function root(compression: CompressionSettings = Q8) {
  return new RFastNode(options(treeView('r', { children: ['a', 'b'] }), [0, 0, 0], { learningRate: 2, compression, random: seeded(4) }));
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Delivers `m` from `from` to its target among `nodes` and routes the target's replies (keyframe acks) back,
 * each lost when `lose()` says so. Returns the target's answer.
 */
function exchange(nodes: Readonly<Record<string, AlgorithmNode>>, from: string, m: OutgoingMessage, lose: () => boolean = () => false): ReceiveResult {
  const result = deliver(nodes[m.to]!, from, m);
  if (result.accepted) for (const reply of result.replies) if (!lose()) deliver(nodes[reply.to]!, m.to, reply);
  return result;
}

/** The keyframe-ack `from` would send for keyframe `seq` of `kind`. */
function ack(from: string, kind: 'model' | 'tracker', seq: number, epoch = 0) {
  return { from, kind: 'keyframe-ack' as const, epoch, seq: 0, payload: keyframeAckPayload({ kind, keyframeSeq: seq }) };
}

/** A gradient that keeps changing, so every step pushes fresh tracker mass. */
const wobbly = (t: number) => (x: Vector) => Array.from(x, (v, k) => v - Math.sin(t + k) * 3);

/** Σz − Σg + Σρ_wire − Σρ̃ over the nodes, per coordinate (exactly 0 up to rounding when mass is conserved). */
function massResidual(nodes: readonly RFastNode[]): number {
  const total = new Float64Array(3);
  for (const node of nodes) {
    const t = node.invariantTerms();
    for (let k = 0; k < 3; k++) {
      total[k] = total[k]! + t.z[k]! - t.g[k]!;
      for (const l of t.outgoing) total[k] = total[k]! + l.values[k]!;
      for (const l of t.incoming) total[k] = total[k]! - l.values[k]!;
    }
  }
  return Math.max(...Array.from(total, Math.abs));
}

describe('R-FAST with compression', () => {
  it('sends trackers and models as encoded bytes with an empty payload, each child its own keyframed stream', () => {
    const r = root();
    const nodes = { r, a: leaf(Q8, 'a'), b: leaf(Q8, 'b') };
    step(r, wobbly(0));
    const messages = step(r, wobbly(1));
    const models = messages.filter((m) => m.kind === 'model');
    expect(models.map((m) => m.to)).toEqual(['a', 'b']);
    expect(models[0]?.encoded).toBeInstanceOf(Uint8Array);
    expect(models[0]?.payload.length).toBe(0);
    expect(models.map((m) => m.encoded?.[0])).toEqual([0x4b, 0x4b]); // 'K': each link starts with a keyframe
    // Not acknowledged yet: keyframes again. Delivered, each child acknowledges it.
    const second = step(r, wobbly(2)).filter((m) => m.kind === 'model');
    expect(second.map((m) => m.encoded?.[0])).toEqual([0x4b, 0x4b]);
    for (const m of second) expect(exchange(nodes, 'r', m).accepted).toBe(true);
    const next = step(r, wobbly(3)).filter((m) => m.kind === 'model');
    expect(next.map((m) => m.encoded?.[0])).toEqual([0x44, 0x44]); // 'D': then deltas
    const a = leaf();
    step(a, wobbly(0));
    const tracker = only(step(a, wobbly(1)), (m) => m.kind === 'tracker');
    expect(tracker.payload.length).toBe(0);
    expect(tracker.encoded?.length).toBeGreaterThan(0);
  });

  it('keeps the mass invariant exact on ρ_wire under loss, and the receiver holds the sender\'s ρ_wire bit for bit', () => {
    const r = root();
    const a = leaf(Q8, 'a');
    const b = leaf(Q8, 'b');
    const nodes = [r, a, b];
    const byId = { r, a, b };
    const lossy = seeded(11);
    let worst = 0;
    let absorbedTrackers = 0;
    for (let t = 0; t < 60; t++) {
      for (const [node, id] of [[a, 'a'], [b, 'b'], [r, 'r']] as const) {
        const sent: OutgoingMessage[] = step(node, wobbly(t));
        for (const m of sent) {
          if (lossy() < 0.3) continue;
          if (exchange(byId, id, m, () => lossy() < 0.3).accepted && m.kind === 'tracker') absorbedTrackers++;
        }
        worst = Math.max(worst, massResidual(nodes));
      }
    }
    expect(absorbedTrackers).toBeGreaterThan(30);
    expect(worst).toBeLessThan(1e-12);
    // Deltas refer only to acknowledged keyframes: under 30% loss of messages and acks, none missed its keyframe.
    expect(r.rejected()['missing-keyframe'] ?? 0).toBe(0);
    expect(a.rejected()['missing-keyframe'] ?? 0).toBe(0);
    // Once a's latest message gets through, the root's ρ̃ for a equals a's ρ_wire bit for bit.
    let got = false;
    for (let t = 60; !got && t < 80; t++) got = deliver(r, 'a', only(step(a, wobbly(t)), (m) => m.kind === 'tracker')).accepted;
    expect(got).toBe(true);
    step(r, wobbly(80));
    const absorbed = r.invariantTerms().incoming.find((l) => l.peer === 'a')!.values;
    expect(toArray(absorbed)).toEqual(toArray(a.invariantTerms().outgoing[0]!.values));
  });

  it('error feedback: the quantization residual stays in z (ρ_wire moves by exactly what z loses)', () => {
    const a = leaf({ name: 'q8', keyframeEvery: 100 });
    step(a, wobbly(0));
    step(a, wobbly(1)); // keyframe 0
    expect(a.receive(ack('r', 'tracker', 0)).accepted).toBe(true);
    const before = a.invariantTerms();
    const zBefore = toArray(before.z);
    const rhoBefore = toArray(before.outgoing[0]!.values as Float64Array);
    const plan = a.plan();
    if (plan.kind !== 'gradient') throw new Error('expected a gradient plan');
    const grad = Float64Array.from(wobbly(2)(plan.at[0] as Vector));
    const gBefore = toArray(a.invariantTerms().g);
    a.complete({ grads: [grad], loss: 0 }); // a delta
    const after = a.invariantTerms();
    for (let k = 0; k < 3; k++) {
      const zStep4 = zBefore[k]! + (grad[k]! - gBefore[k]!);
      const moved = after.outgoing[0]!.values[k]! - rhoBefore[k]!;
      expect(after.z[k]! + moved).toBeCloseTo(zStep4, 12);
      // Not simply half of z: the quantized share differs from c·z, the difference stayed in z.
      expect(after.z[k]).not.toBe(0.5 * zStep4);
    }
  });

  it('decodes only from in-neighbours of the current epoch, and refuses stale or undecodable bytes with a reason', () => {
    const r = root();
    const a = leaf();
    step(r, wobbly(0));
    step(a, wobbly(0));
    const first = only(step(a, wobbly(1)), (m) => m.kind === 'tracker');
    step(a, wobbly(1.5)); // another keyframe (none acknowledged yet): not delivered here
    a.receive(ack('r', 'tracker', first.seq)); // as if the root had it
    const second = only(step(a, wobbly(2)), (m) => m.kind === 'tracker'); // a delta that refers to `first`
    expect(second.encoded?.[0]).toBe(0x44);
    expect(deliver(r, 'x', first)).toEqual({ accepted: false, reason: 'not-a-neighbour' });
    expect(deliver(r, 'a', { ...first, epoch: 3 })).toEqual({ accepted: false, reason: 'future-epoch' });
    expect(deliver(r, 'a', { ...second, encoded: Uint8Array.from([9, 9, 9]) })).toEqual({ accepted: false, reason: 'bad-encoding' });
    expect(deliver(r, 'a', second)).toEqual({ accepted: false, reason: 'missing-keyframe' });
    expect(deliver(r, 'a', first).accepted).toBe(true);
    expect(deliver(r, 'a', first)).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(deliver(r, 'a', second).accepted).toBe(true);
  });

  it('takes keyframe acks only from the out-neighbour of that kind, in the current epoch, well-formed', () => {
    const a = leaf();
    step(a, wobbly(0));
    step(a, wobbly(1)); // tracker keyframe 0 to r
    expect(a.receive(ack('x', 'tracker', 0))).toEqual({ accepted: false, reason: 'not-a-neighbour' });
    expect(a.receive(ack('r', 'model', 0))).toEqual({ accepted: false, reason: 'not-a-neighbour' }); // a sends r no models
    expect(a.receive(ack('r', 'tracker', 0, 2))).toEqual({ accepted: false, reason: 'future-epoch' });
    expect(a.receive({ ...ack('r', 'tracker', 0), payload: Float64Array.of(2, -1) })).toEqual({ accepted: false, reason: 'bad-encoding' });
    expect(a.receive({ ...ack('r', 'tracker', 0), payload: Float64Array.of(2) })).toEqual({ accepted: false, reason: 'bad-encoding' });
    expect(only(step(a, wobbly(2)), (m) => m.kind === 'tracker').encoded?.[0]).toBe(0x4b); // nothing was acknowledged
    expect(a.receive(ack('r', 'tracker', 0)).accepted).toBe(true);
    expect(only(step(a, wobbly(3)), (m) => m.kind === 'tracker').encoded?.[0]).toBe(0x44);
    const plain = leaf({ name: 'none' });
    expect(plain.receive(ack('r', 'tracker', 0))).toEqual({ accepted: false, reason: 'unexpected-kind' });
  });

  it('starts every new epoch with a keyframe on each link', () => {
    const a = leaf();
    step(a, wobbly(0));
    step(a, wobbly(1));
    a.receive(ack('r', 'tracker', 0));
    expect(only(step(a, wobbly(2)), (m) => m.kind === 'tracker').encoded?.[0]).toBe(0x44);
    a.setTopology(treeView('a', { parent: 'r', epoch: 1 }));
    const tracker = only(step(a, wobbly(3)), (m) => m.kind === 'tracker');
    expect(tracker.encoded?.[0]).toBe(0x4b); // 'K'
  });

  it("'none' and the naive baseline keep the uncompressed path", () => {
    const plain = leaf({ name: 'none' });
    step(plain, wobbly(0));
    expect(only(step(plain, wobbly(1)), (m) => m.kind === 'tracker').encoded).toBeUndefined();
    const naive = new NaiveTrackingNode(options(treeView('a', { parent: 'r' }), [1, 2, 3], { compression: Q8 }));
    step(naive, wobbly(0));
    const increment = only(step(naive, wobbly(1)), (m) => m.kind === 'tracker-increment');
    expect(increment.encoded).toBeUndefined();
    expect(increment.payload.length).toBe(3);
  });

  it('with a paced transport (sendsNow), every message it produces decodes, mass is exact, and it converges', () => {
    // Quadratics f_i(x) = ½‖x − b_i‖²: the optimum is the mean of the b_i.
    const targets: Record<string, readonly number[]> = { r: [1, -2, 3], a: [4, 0, -1], b: [-2, 5, 1] };
    const optimum = [0, 1, 2].map((k) => (targets.r![k]! + targets.a![k]! + targets.b![k]!) / 3);
    // A paced transport: a link is ready one step in four (offset per link and kind); what is produced for a link
    // that is not ready is superseded and never sent, exactly what a browser link does.
    let t = 0;
    const ready = (from: string, to: string, kind: string) => (t + from.length * 7 + to.charCodeAt(0) + kind.length) % 4 === 0;
    const make = (id: string, view: Parameters<typeof treeView>[1]) =>
      new RFastNode(
        options(treeView(id, view), [0, 0, 0], { learningRate: 0.3, compression: Q8, random: seeded(id.charCodeAt(0)), sendsNow: (to, kind) => ready(id, to, kind) }),
      );
    const nodes = { r: make('r', { children: ['a', 'b'] }), a: make('a', { parent: 'r' }), b: make('b', { parent: 'r' }) };
    const all = Object.values(nodes);
    let worst = 0;
    let refused = 0;
    let accepted = 0;
    for (t = 0; t < 1000; t++) {
      for (const [id, node] of Object.entries(nodes)) {
        const b = targets[id]!;
        for (const m of step(node, (x) => Array.from(x, (v, k) => v - b[k]!))) {
          if (!ready(id, m.to, m.kind)) continue; // superseded before its link was ready
          if (exchange(nodes, id, m).accepted) accepted++;
          else refused++;
        }
        worst = Math.max(worst, massResidual(all));
      }
    }
    // Every message that went out was usable: no delta referred to a keyframe its link never carried.
    expect(refused).toBe(0);
    expect(accepted).toBeGreaterThan(900);
    expect(worst).toBeLessThan(1e-12);
    for (const node of all) for (let k = 0; k < 3; k++) expect(Math.abs(node.model()[k]! - optimum[k]!)).toBeLessThan(1e-9);
  });
});
