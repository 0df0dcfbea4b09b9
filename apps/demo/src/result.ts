/**
 * What one demo run measured, as a schema: the demo writes it with --json, the cluster benchmark reads it
 * back from another process, so both sides share one definition and the reader validates.
 */
import { ALGORITHM_NAMES, COMPRESSOR_NAMES } from '@canopy/protocol';
import { z } from 'zod';

const count = z.number().finite().min(0);
const accuracy = z.number().min(0).max(1).nullable();

/** One tab at one poll. */
export const TabSampleSchema = z.object({
  step: count,
  accuracy,
  loss: z.number().finite().nullable(),
  /** Held-out cross-entropy in nats (a text model's bits per character × ln 2). */
  heldOutLoss: z.number().finite().nullable(),
  stepMs: z.number().finite().nullable(),
  isRoot: z.boolean(),
  bytesSent: count,
  bytesReceived: count,
  injectedDrops: count,
  malformedFrames: count,
  /** Links this tab quarantined as hostile (link-screening.ts); honest runs have none. Absent in older results. */
  quarantinedLinks: count.optional(),
});

/** All tabs polled together; null where a tab could not be read at that moment. */
export const PollSchema = z.object({
  /** Seconds since training started (the resume after every tab was ready). */
  t: z.number().finite().min(0),
  tabs: z.array(TabSampleSchema.nullable()),
});

export const TabInfoSchema = z.object({
  name: z.string(),
  peerId: z.string().nullable(),
  backend: z.string().nullable(),
  straggler: z.boolean(),
});

export const DemoResultSchema = z.object({
  settings: z.object({
    tabs: z.number().int().min(1),
    algo: z.enum(ALGORITHM_NAMES),
    /** The hyper-parameters the room ran with ({} = the algorithm's defaults). */
    params: z.record(z.string(), z.number()),
    compression: z.enum(COMPRESSOR_NAMES),
    learningRate: z.number().positive(),
    batchSize: z.number().int().positive(),
    loss: z.number().min(0).max(1),
    straggler: z.number().min(1),
    nonIid: z.number().positive().nullable(),
    durationS: z.number().positive(),
    target: z.number().min(0).max(1),
    room: z.string(),
  }),
  startedAt: z.string(),
  /** Wall time from opening the first tab to every tab ready (connected, prepared, links open). */
  setupS: z.number().min(0),
  /** Wall time the tabs trained. */
  trainedS: z.number().min(0),
  tabs: z.array(TabInfoSchema),
  polls: z.array(PollSchema),
  /** Seconds to --target: the root tab's held-out accuracy, and every tab's; null = not reached. */
  timeToTarget: z.object({ root: z.number().nullable(), all: z.number().nullable() }),
  /** Status reads that failed validation or could not be made (counted, never fatal). */
  badStatusReads: count,
  warnings: z.array(z.string()),
});

export type TabSample = z.infer<typeof TabSampleSchema>;
export type Poll = z.infer<typeof PollSchema>;
export type TabInfo = z.infer<typeof TabInfoSchema>;
export type DemoResult = z.infer<typeof DemoResultSchema>;

export type ParsedResult = { readonly ok: true; readonly result: DemoResult } | { readonly ok: false; readonly reason: 'not-json' | 'schema'; readonly detail: string };

export function parseDemoResult(text: string): ParsedResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: error instanceof Error ? error.message : String(error) };
  }
  const parsed = DemoResultSchema.safeParse(json);
  if (parsed.success) return { ok: true, result: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, reason: 'schema', detail: first ? `${first.path.join('.')}: ${first.message}` : 'invalid result' };
}
