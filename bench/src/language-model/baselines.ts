/**
 * What a model that ignores context gets, measured on the same held-out characters the tabs evaluate: the
 * unigram (letter frequencies of the training text) and bigram (the previous character) cross-entropies, in
 * bits per character, with add-one smoothing so no held-out character has probability zero. Pure.
 */
import { splitDataset, type Dataset } from '../../../apps/browser-node/src/training/data/dataset';

export interface Baselines {
  readonly unigram: number;
  readonly bigram: number;
}

/** `heldOutWindows`: the first N held-out windows (what a tab evaluates). */
export function contextFreeBaselines(dataset: Dataset, heldOutWindows: number): Baselines {
  const { train, heldOut } = splitDataset(dataset);
  const v = dataset.classes;
  const width = dataset.cols;
  const unigram = new Float64Array(v).fill(1);
  const bigram = new Float64Array(v * v).fill(1);
  // Each window's targets are its ids 1..width-1 (id 0 is context only), as the model is scored.
  for (let w = 0; w < train.count; w++) {
    for (let i = 1; i < width; i++) {
      const prev = train.pixels[w * width + i - 1] as number;
      const next = train.pixels[w * width + i] as number;
      unigram[next] = (unigram[next] as number) + 1;
      bigram[prev * v + next] = (bigram[prev * v + next] as number) + 1;
    }
  }
  const unigramTotal = unigram.reduce((a, b) => a + b, 0);
  const rowTotals = Array.from({ length: v }, (_, p) => bigram.subarray(p * v, (p + 1) * v).reduce((a, b) => a + b, 0));
  let u = 0;
  let b = 0;
  let n = 0;
  for (let w = 0; w < Math.min(heldOutWindows, heldOut.count); w++) {
    for (let i = 1; i < width; i++) {
      const prev = heldOut.pixels[w * width + i - 1] as number;
      const next = heldOut.pixels[w * width + i] as number;
      u -= Math.log2((unigram[next] as number) / unigramTotal);
      b -= Math.log2((bigram[prev * v + next] as number) / (rowTotals[prev] as number));
      n++;
    }
  }
  return { unigram: u / n, bigram: b / n };
}
