/**
 * Messages between the benchmark page and its bare-training worker, validated on both sides: a malformed
 * message becomes an error reply (worker) or a rejected promise with a reason (page), never a throw.
 */
import { z } from 'zod';
import type { BareRunRequest, BareRunResult } from './api';

const count = z.number().int().min(0).max(100_000);

export const bareRunSchema = z.object({
  type: z.literal('run'),
  /** Absolute URL of the dataset asset (a worker cannot resolve page-relative URLs). */
  datasetUrl: z.string().refine((u) => URL.canParse(u), { message: 'datasetUrl must be absolute' }),
  backend: z.string().min(1).max(32),
  batchSize: z.number().int().min(1).max(4096),
  learningRate: z.number().positive().finite(),
  seed: z.number().int().min(0).max(0xffffffff),
  warmupSteps: count,
  steps: count.min(1),
});

const bareResultSchema = z.object({
  type: z.literal('result'),
  backend: z.string(),
  stepMs: z.array(z.number().finite().nonnegative()),
  tensorsBefore: z.number().int(),
  tensorsAfter: z.number().int(),
});

const bareErrorSchema = z.object({ type: z.literal('error'), reason: z.enum(['malformed-request', 'backend-unavailable', 'failed']), message: z.string() });

export const bareReplySchema = z.discriminatedUnion('type', [bareResultSchema, bareErrorSchema]);

export type BareRunMessage = z.infer<typeof bareRunSchema>;
export type BareReply = z.infer<typeof bareReplySchema>;
export type BareErrorReason = z.infer<typeof bareErrorSchema>['reason'];

export function runMessage(request: BareRunRequest, datasetUrl: string): BareRunMessage {
  return { type: 'run', datasetUrl, ...request };
}

export function resultOf(reply: Extract<BareReply, { type: 'result' }>): BareRunResult {
  const { type: _type, ...result } = reply;
  return result;
}
