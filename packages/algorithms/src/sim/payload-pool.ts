/**
 * Reference-counted pool of message payloads: a node's outgoing payload is taken from here, shared by the
 * messages that carry it, and returned once every copy in flight is delivered or lost. Keeps the hot loop
 * free of large allocations.
 */
import type { Precision, Vector } from '../node';

export class PayloadPool {
  /** Free buffers by precision, then by length. */
  private readonly free = { f32: new Map<number, Vector[]>(), f64: new Map<number, Vector[]>() };
  private readonly references = new Map<Vector, number>();

  readonly acquire = (length: number, precision: Precision): Vector => {
    const reused = this.free[precision].get(length)?.pop();
    if (reused !== undefined) return reused;
    return precision === 'f32' ? new Float32Array(length) : new Float64Array(length);
  };

  retain(payload: Vector): void {
    this.references.set(payload, (this.references.get(payload) ?? 0) + 1);
  }

  release(payload: Vector): void {
    const count = (this.references.get(payload) ?? 0) - 1;
    if (count > 0) {
      this.references.set(payload, count);
      return;
    }
    this.references.delete(payload);
    const byLength = payload instanceof Float32Array ? this.free.f32 : this.free.f64;
    const list = byLength.get(payload.length);
    if (list === undefined) byLength.set(payload.length, [payload]);
    else list.push(payload);
  }
}
