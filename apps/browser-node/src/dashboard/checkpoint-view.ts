/**
 * The room's checkpoint (the root's newest evaluated model, kept by the server): what it is, how old, and a
 * "Download model" button that saves it as a tfjs LayersModel with its description.
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

  constructor(
    container: HTMLElement,
    private readonly room: string,
  ) {
    this.#line = html('span', { id: 'checkpoint-line' }, 'Checkpoint: none yet (the root uploads one every 10 s once it has evaluated).');
    this.#button = html('button', { type: 'button', id: 'download-model', disabled: true }, 'Download model');
    this.#button.addEventListener('click', () => void this.#download());
    container.append(html('div', { class: 'control-row checkpoint' }, this.#button, this.#line));
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
    } catch {
      // offline: the header says so; try again at the next poll
    }
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
