/**
 * Sizes that make the text task affordable where the image tasks use whole sets. A transformer step on 16
 * windows costs ~0.4 s of wasm, so:
 * - a tab evaluates 128 held-out windows (8,192 characters, ~1 s), not all ~1,900;
 * - a "full" local gradient (what SYNTHESIS anchors on) is over the first 256 windows of the node's shard
 *   (16 minibatches' worth), not its ~8,000: over the whole shard one anchor took minutes.
 */
export const TEXT_HELD_OUT_WINDOWS = 128;
export const TEXT_FULL_GRADIENT_WINDOWS = 256;
