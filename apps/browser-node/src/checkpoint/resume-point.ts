/**
 * Where a room's run resumes after every tab left or the server restarted: the room checkpoint, fetched from
 * the server and checked (description against the schema, values against its size, every value finite) before
 * a runner starts from it instead of x⁰. Any failure means "no resume point": the run starts from scratch.
 */
import { StoredCheckpointSchema } from '@canopy/protocol';

export interface ResumePoint {
  readonly runId: number;
  readonly dataset: string;
  readonly model: string;
  readonly step: number;
  readonly values: Float32Array<ArrayBuffer>;
  /** 'local': this tab's own copy (local-copy.ts), used when the server has no room checkpoint at all. */
  readonly source?: 'room' | 'local';
}

/** `url`: the room's `/api/rooms/NAME/checkpoint` (the values are at `url + '.bin'`). */
export async function fetchResumePoint(url: string, get: typeof fetch = fetch): Promise<ResumePoint | undefined> {
  try {
    const description = await get(url);
    if (!description.ok) return undefined;
    const parsed = StoredCheckpointSchema.safeParse(((await description.json()) as { checkpoint?: unknown }).checkpoint);
    if (!parsed.success) return undefined;
    const bytes = await (await get(`${url}.bin`)).arrayBuffer();
    if (bytes.byteLength !== parsed.data.parameterCount * 4) return undefined; // replaced in between: next time
    const values = new Float32Array(bytes);
    if (!values.every(Number.isFinite)) return undefined;
    const { runId, dataset, model, step } = parsed.data;
    return { runId, dataset, model, step, values };
  } catch {
    return undefined;
  }
}

/** The resume point applies to this run only: same run id, dataset and model, same dimension. */
export function resumes(point: ResumePoint | undefined, run: { runId: number; dataset: string; model: string }, dimension: number): point is ResumePoint {
  return point !== undefined && point.runId === run.runId && point.dataset === run.dataset && point.model === run.model && point.values.length === dimension;
}
