/**
 * Schemas for everything that crosses a process boundary in the browser benchmark: what the benchmark page
 * returns to the harness (page.evaluate), and the result file the harness writes for bench/sections/browser.ts.
 */
import { z } from 'zod';
import type { BareRunResult, NodeProbe, StepLog, TransferSample } from '../../apps/browser-node/bench/api';

const ms = z.number().finite().nonnegative();
const count = z.number().finite().nonnegative();

export const BareRunResultSchema = z.object({ backend: z.string(), stepMs: z.array(ms), tensorsBefore: z.number().int(), tensorsAfter: z.number().int() });

export const NodeProbeSchema = z.object({
  started: z.boolean(),
  prepared: z.boolean(),
  dimension: z.number().int().positive().nullable(),
  backend: z.string().nullable(),
  links: count,
  openLinks: count,
  steps: count,
  error: z.string().nullable(),
});

export const NodeCountersSchema = z.object({
  bytesSent: count,
  bytesReceived: count,
  messagesSent: count,
  messagesReceived: count,
  superseded: count,
  malformedFrames: count,
  staleMessages: count,
});

export const StepLogSchema = z.object({ starts: z.array(z.number().finite()), computeMs: z.array(ms), counters: NodeCountersSchema });

export const TransferSampleSchema = z.object({
  variant: z.enum(['raw-256k', 'framed-64k', 'framed-256k', 'framed-64k-relayed']),
  round: z.number().int().nonnegative(),
  ms,
  bytes: z.number().int().positive(),
});

/** Cores (CPU seconds per second, of 2) used during a phase, by process; null where /proc is unavailable. */
export const CpuBreakdownSchema = z.object({ measuredPage: count, otherPages: count, network: count, rest: count });

/** One runner phase: the measured node's steps, warm-up excluded. */
export const RunnerMeasureSchema = z.object({
  /** Whole loop steps: intervals between consecutive gradient requests. */
  stepMs: z.array(ms),
  /** The gradient computation inside each of those steps (tfjs, on the runner worker's thread). */
  requestMs: z.array(ms),
  /** The measured node's link counters over the phase. */
  counters: NodeCountersSchema,
  phaseMs: ms,
  cpu: CpuBreakdownSchema.nullable(),
});

/**
 * One measuring round of the step part: a bare phase, a solo runner phase and a linked runner phase, all
 * with one thread placement (pinned: the measured page's workers alone on core 0, the rest on the other
 * cores; shared: all on all cores).
 */
export const StepRoundSchema = z.object({ placement: z.enum(['pinned', 'shared']), bareStepMs: z.array(ms), bareCpu: CpuBreakdownSchema.nullable(), solo: RunnerMeasureSchema, linked: RunnerMeasureSchema });

/** The step part's measurements. */
export const StepPartSchema = z.object({
  bareBackend: z.string(),
  runnerBackend: z.string(),
  dimension: z.number().int().positive(),
  paceMs: ms,
  tensorLeak: z.number().int(),
  rounds: z.array(StepRoundSchema).min(1),
});

/** The link part's measurements. */
export const LinkPartSchema = z.object({ elements: z.number().int().positive(), transfers: z.array(TransferSampleSchema).min(1) });

/** Each part is null when it failed (with why), so the other part's figures still reach the report. */
export const BrowserBenchResultSchema = z.object({
  chromium: z.string(),
  /** Whether the run was inside a private network namespace (Linux, root), and why not. */
  network: z.string(),
  links: LinkPartSchema.nullable(),
  linkError: z.string().nullable(),
  steps: StepPartSchema.nullable(),
  stepError: z.string().nullable(),
  problems: z.array(z.string()),
});

export type CpuBreakdown = z.infer<typeof CpuBreakdownSchema>;
export type RunnerMeasure = z.infer<typeof RunnerMeasureSchema>;
export type StepRound = z.infer<typeof StepRoundSchema>;
export type StepPart = z.infer<typeof StepPartSchema>;
export type LinkPart = z.infer<typeof LinkPartSchema>;
export type BrowserBenchResult = z.infer<typeof BrowserBenchResultSchema>;

/** Compile-time guards: the page's own types still fit what is validated here. */
export const pageTypesFit = {
  bare: (r: BareRunResult): z.input<typeof BareRunResultSchema> => ({ ...r, stepMs: [...r.stepMs] }),
  probe: (p: NodeProbe): z.input<typeof NodeProbeSchema> => p,
  steps: (s: StepLog): z.input<typeof StepLogSchema> => ({ ...s, starts: [...s.starts], computeMs: [...s.computeMs] }),
  transfer: (t: TransferSample): z.input<typeof TransferSampleSchema> => t,
};

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'schema' | 'json'; readonly detail: string };

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, reason: 'schema', detail: first ? `${first.path.join('.') || '(value)'}: ${first.message}` : 'invalid' };
}

export function parseBrowserBenchResult(json: string): Parsed<BrowserBenchResult> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: 'json', detail: error instanceof Error ? error.message : String(error) };
  }
  return parseWith(BrowserBenchResultSchema, value);
}
