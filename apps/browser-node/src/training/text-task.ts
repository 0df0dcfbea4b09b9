/**
 * Sizes that make the text task affordable where the image tasks use whole sets. A transformer step on 16
 * windows costs ~0.5 s of wasm (the 251,680-parameter model), so:
 * - a tab evaluates 128 held-out windows (8,192 characters, ~1-2 s), not all ~1,900;
 * - a "full" local gradient (what SYNTHESIS anchors on) is over the first 256 windows of the node's shard
 *   (16 minibatches' worth), not its ~8,000: over the whole shard one anchor took minutes.
 */
export const TEXT_HELD_OUT_WINDOWS = 128;
export const TEXT_FULL_GRADIENT_WINDOWS = 256;

/** A language model predicts every position of a window; a classifier one label per sample. */
export function isLanguageModel(model: { readonly targetsPerSample: number }): boolean {
  return model.targetsPerSample > 1;
}

/** How many held-out samples an evaluation reads: `requested`, else the text task's cap, else `whole`. */
export function heldOutEvaluationCount(model: { readonly targetsPerSample: number }, available: number, requested: number | undefined, whole: number): number {
  return Math.min(available, requested ?? (isLanguageModel(model) ? TEXT_HELD_OUT_WINDOWS : whole));
}

/** The shard samples a "full" local gradient covers: the first TEXT_FULL_GRADIENT_WINDOWS for text, else all. */
export function fullGradientIndices(model: { readonly targetsPerSample: number }, shard: Int32Array): Int32Array {
  return isLanguageModel(model) ? shard.subarray(0, TEXT_FULL_GRADIENT_WINDOWS) : shard;
}
