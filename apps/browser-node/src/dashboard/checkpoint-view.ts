/**
 * The room's checkpoint (the root's newest evaluated model, kept by the server): what it is, how old, and a
 * "Download model" button that saves it as a tfjs LayersModel with its description. With the admin token, the
 * runs the server keeps a checkpoint of, each with "Roll back" (a new run starting from that run's weights).
 */
import { StoredCheckpointSchema, type StoredCheckpoint } from '@canopy/protocol';
import { html } from './dom';

const POLL_MS = 5_000;

export function describeCheckpoint(checkpoint: StoredCheckpoint, ageMs: number): string {
  const age = ageMs < 60_000 ? `${Math.round(ageMs / 1000)} s` : `${Math.round(ageMs / 60_000)} min`;
  return `Checkpoint: run ${checkpoint.runId}, step ${checkpoint.step.toLocaleString('en')}, ${(checkpoint.heldOut.accuracy * 100).toFixed(1)}% held-out (${checkpoint.dataset} ${checkpoint.model}), ${age} old`;
}

export class CheckpointView {
  readonly #line: HTMLElement;
  readonly #button: HTMLButtonElement;
  #current: { checkpoint: StoredCheckpoint; fetchedAt: number; ageMs: number } | null = null;
  readonly #history: HTMLUListElement;
  #historyShown = '';

  constructor(
    container: HTMLElement,
    private readonly room: string,
    /** Admin only: asks the server to start a new run from run `runId`'s checkpoint. */
    private readonly rollback: ((runId: number) => void) | null = null,
  ) {
    this.#history = html('ul', { class: 'checkpoint-runs', id: 'checkpoint-runs' });
    this.#line = html('span', { id: 'checkpoint-line' }, 'Checkpoint: none yet (the root uploads one every 10 s once it has evaluated).');
    this.#button = html('button', { type: 'button', id: 'download-model', disabled: true }, 'Download model');
    this.#button.addEventListener('click', () => void this.#download());
    container.append(html('div', { class: 'control-row checkpoint' }, this.#button, this.#line));
    if (rollback !== null) container.append(this.#history);
    void this.#poll();
    window.setInterval(() => void this.#poll(), POLL_MS);
    window.setInterval(() => this.#render(), 1_000);
  }

  get #base(): string {
    return `/api/rooms/${encodeURIComponent(this.room)}/checkpoint`;
  }

  async #poll(): Promise<void> {
    try {
      const response = await fetch(this.#base);
      if (response.status === 404) return;
      const body = (await response.json()) as { checkpoint?: unknown; ageMs?: unknown };
      const parsed = StoredCheckpointSchema.safeParse(body.checkpoint);
      if (!parsed.success || typeof body.ageMs !== 'number') return;
      this.#current = { checkpoint: parsed.data, fetchedAt: performance.now(), ageMs: body.ageMs };
      this.#render();
      if (this.rollback !== null) await this.#pollHistory(this.rollback);
    } catch {
      // offline: the header says so; try again at the next poll
    }
  }

  async #pollHistory(rollback: (runId: number) => void): Promise<void> {
    const body = (await (await fetch(`/api/rooms/${encodeURIComponent(this.room)}/checkpoints`)).json()) as { runs?: unknown };
    const runs = Array.isArray(body.runs) ? body.runs.flatMap((r) => (StoredCheckpointSchema.safeParse(r).success ? [r as StoredCheckpoint] : [])) : [];
    const shown = JSON.stringify(runs.map((r) => [r.runId, r.step]));
    if (shown === this.#historyShown) return;
    this.#historyShown = shown;
    this.#history.replaceChildren(
      ...runs.map((run) => {
        const button = html('button', { type: 'button', 'data-rollback': run.runId, title: 'start a new run from these weights' }, 'Roll back');
        button.addEventListener('click', () => {
          if (window.confirm(`Start a new run from run ${run.runId}'s model (${(run.heldOut.accuracy * 100).toFixed(1)}% held-out)?`)) rollback(run.runId);
        });
        return html('li', { 'data-run': run.runId }, `Run ${run.runId}: ${(run.heldOut.accuracy * 100).toFixed(1)}% held-out at step ${run.step.toLocaleString('en')} (${run.dataset} ${run.model}) `, button);
      }),
    );
  }

  #render(): void {
    const current = this.#current;
    if (current === null) return;
    this.#line.textContent = describeCheckpoint(current.checkpoint, current.ageMs + performance.now() - current.fetchedAt);
    this.#button.disabled = false;
    this.#button.dataset['accuracy'] = String(current.checkpoint.heldOut.accuracy);
  }

  async #download(): Promise<void> {
    this.#button.disabled = true;
    try {
      // Description and values fetched together, then checked to belong together.
      const [description, values] = await Promise.all([fetch(this.#base).then((r) => r.json()), fetch(`${this.#base}.bin`).then((r) => r.arrayBuffer())]);
      const checkpoint = StoredCheckpointSchema.parse((description as { checkpoint: unknown }).checkpoint);
      if (values.byteLength !== checkpoint.parameterCount * 4) throw new Error('the checkpoint changed while downloading; try again');
      const { downloadModel } = await import('../training/export/download-model');
      const { isModelName } = await import('../training/model/names');
      if (!isModelName(checkpoint.model)) throw new Error(`unknown model ${checkpoint.model}`);
      await downloadModel(new Float32Array(values), {
        dataset: checkpoint.dataset, model: checkpoint.model, room: checkpoint.room, runId: checkpoint.runId, algorithm: checkpoint.algorithm,
        steps: checkpoint.step, heldOut: checkpoint.heldOut, savedAt: new Date(checkpoint.at).toISOString(), source: `room checkpoint uploaded by ${checkpoint.peerId}`,
      });
    } catch (error) {
      this.#line.textContent = `Download failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.#button.disabled = false;
    }
  }
}
