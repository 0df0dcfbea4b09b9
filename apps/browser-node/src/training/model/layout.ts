/**
 * A model's parameters live in ONE flat Float32Array; the layout says which slice is which weight tensor.
 * Flatten/unflatten is therefore only slicing: exact, no copies needed on the JS side.
 */
import * as tf from '@tensorflow/tfjs';

/** 'small': std 0.02 (GPT-style); 'unit': std 1 (token embeddings); 'ones': layer-norm gains. All uniform. */
export type InitScheme = 'he' | 'glorot' | 'zeros' | 'ones' | 'small' | 'unit';

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: InitScheme;
  /** Inputs and outputs feeding one unit (for He/Glorot scaling). */
  readonly fanIn: number;
  readonly fanOut: number;
}

export interface ParamSlot extends ParamSpec {
  readonly offset: number;
  readonly size: number;
}

export interface ParamLayout {
  readonly slots: readonly ParamSlot[];
  readonly parameterCount: number;
}

export function paramLayout(specs: readonly ParamSpec[]): ParamLayout {
  let offset = 0;
  const slots = specs.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const slot: ParamSlot = { ...spec, offset, size };
    offset += size;
    return slot;
  });
  return { slots, parameterCount: offset };
}

/** One view per weight tensor into `flat` (no copy): writing to a view writes the flat vector. */
export function unflatten(layout: ParamLayout, flat: Float32Array): Float32Array[] {
  checkLength(layout, flat.length);
  return layout.slots.map((slot) => flat.subarray(slot.offset, slot.offset + slot.size));
}

/** Concatenates per-tensor values (in layout order) into a new flat vector. */
export function flatten(layout: ParamLayout, parts: readonly Float32Array[]): Float32Array {
  if (parts.length !== layout.slots.length) throw new RangeError(`expected ${layout.slots.length} parts, got ${parts.length}`);
  const flat = new Float32Array(layout.parameterCount);
  layout.slots.forEach((slot, i) => {
    const part = parts[i] as Float32Array;
    if (part.length !== slot.size) throw new RangeError(`${slot.name}: expected ${slot.size} values, got ${part.length}`);
    flat.set(part, slot.offset);
  });
  return flat;
}

/**
 * One tensor per weight, each made from its slice of `flat` (call inside tf.tidy or a gradient function so
 * they are freed). Not tf.slice on one flat tensor: the wasm backend's slice reads its whole input back to
 * JavaScript for every slice, and its gradient pads each weight's gradient to the full vector.
 */
export function weightTensors(layout: ParamLayout, flat: Float32Array): tf.Tensor[] {
  checkLength(layout, flat.length);
  return layout.slots.map((slot) => tf.tensor(flat.subarray(slot.offset, slot.offset + slot.size), [...slot.shape], 'float32'));
}

export function checkLength(layout: ParamLayout, length: number): void {
  if (length !== layout.parameterCount) {
    throw new RangeError(`parameter vector has ${length} values, the model has ${layout.parameterCount}`);
  }
}
