/**
 * Every kind of node-to-node message, with its one-byte wire code. Append only: codes are on the wire.
 */
export const MESSAGE_KINDS = {
  hello: 0,
  /** R-FAST / naive: post-descent model v_i on G_R. */
  model: 1,
  /** R-FAST: running sum ρ_li on G_C (cumulative, latest wins). */
  tracker: 2,
  /** Naive tracking: the increment c_li z_i (lost if the packet is lost). */
  'tracker-increment': 3,
  /** AllReduce / tree reduce: partial sum travelling up to the root. */
  reduce: 4,
  /** AllReduce / tree broadcast: the root's result travelling down. */
  broadcast: 5,
  /** D-PSGD: a model for one synchronous gossip round. */
  gossip: 6,
  /** AD-PSGD: pairwise averaging request (carries x_i) and its reply (carries x_j before averaging). */
  'pair-request': 7,
  'pair-reply': 8,
  /** PC-ASGD, SYNTHESIS, Local SGD, Overlap-Local-SGD (issue 7). */
  'model-with-gradient': 9,
  'gradient-difference': 10,
  checkpoint: 11,
  /**
   * Compressed R-FAST links: the receiver names the newest keyframe it holds (payload f64 [kind code, keyframe
   * seq]) so the sender's deltas refer only to keyframes that arrived (algorithms' link-codec.ts).
   */
  'keyframe-ack': 12,
} as const;

export type MessageKind = keyof typeof MESSAGE_KINDS;

export const MESSAGE_KIND_BY_CODE: ReadonlyMap<number, MessageKind> = new Map(
  (Object.entries(MESSAGE_KINDS) as [MessageKind, number][]).map(([kind, code]) => [code, kind]),
);

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && Object.hasOwn(MESSAGE_KINDS, value);
}
