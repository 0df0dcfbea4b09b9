/** metrics: each peer reports at most twice a second; the server keeps a window and relays it to dashboards. */
import { z } from 'zod';
import { SIGNALING_LIMITS } from './limits';
import {
  CounterSchema,
  EpochSchema,
  IdentifierSchema,
  MillisecondsSchema,
  PeerIdSchema,
  ProbabilitySchema,
  RoomNameSchema,
  RunIdSchema,
} from './primitives';

/** Counters of one link as seen by the reporting peer (cumulative since the link opened). */
export const LinkCountersSchema = z.strictObject({
  peer: PeerIdSchema,
  state: z.enum(['connecting', 'open', 'closed']),
  /** Straight between the browsers or through a TURN relay; absent until the connection says (or older clients). */
  route: z.enum(['direct', 'relayed']).optional(),
  bytesSent: CounterSchema,
  bytesReceived: CounterSchema,
  messagesSent: CounterSchema,
  messagesReceived: CounterSchema,
  injectedDrops: CounterSchema,
  malformedFrames: CounterSchema,
});

export const MetricsReportSchema = z.strictObject({
  runId: RunIdSchema,
  epoch: EpochSchema,
  step: CounterSchema,
  /** null until measured (or when the loss is not finite: report divergence as null, never NaN). */
  loss: z.number().nullable(),
  trainAccuracy: ProbabilitySchema.nullable(),
  heldOutAccuracy: ProbabilitySchema.nullable(),
  /** Mean cross-entropy (nats) on the held-out set; a language model's bits per character are this / ln 2. */
  heldOutLoss: z.number().min(0).max(1e6).nullable().optional(),
  /** A language model's latest text sample: printable ASCII and newlines only (shown as text, never markup). */
  sample: z.string().max(SIGNALING_LIMITS.sampleLength).regex(/^[\n\x20-\x7e]*$/).optional(),
  stepMs: MillisecondsSchema.nullable(),
  backend: IdentifierSchema,
  bytesSent: CounterSchema,
  bytesReceived: CounterSchema,
  messagesSent: CounterSchema,
  messagesReceived: CounterSchema,
  injectedDrops: CounterSchema,
  malformedFrames: CounterSchema,
  /** Mean age, in the sender's steps, of the neighbour packets used by the last activation. */
  staleness: z.number().min(0).max(1e9).nullable(),
  /** Factor on the node's step size because neighbours' messages arrive many steps apart (1 = the full step). */
  delayScale: z.number().min(0).max(1),
  links: z.array(LinkCountersSchema).max(SIGNALING_LIMITS.linksPerReport),
  /**
   * Neighbours whose links this peer quarantined this epoch (hostile values). The server counts each as a report
   * against that neighbour; two reporters evict it. Absent in reports of older clients.
   */
  quarantined: z.array(PeerIdSchema).max(SIGNALING_LIMITS.linksPerReport).optional(),
  /** Times this run's model blew up and the peer went back to its last good one. Absent in older clients' reports. */
  recoveries: CounterSchema.optional(),
});

/** A report as stored and relayed by the server: stamped with who sent it, where and when. */
export const MetricsSampleSchema = z.strictObject({
  ...MetricsReportSchema.shape,
  room: RoomNameSchema,
  peerId: PeerIdSchema,
  /** Server time, ms since 1970. */
  at: z.number().int().min(0),
});

export type LinkCounters = z.infer<typeof LinkCountersSchema>;
export type MetricsReport = z.infer<typeof MetricsReportSchema>;
export type MetricsSample = z.infer<typeof MetricsSampleSchema>;
