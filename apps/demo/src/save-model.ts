/**
 * `pnpm demo --save DIR`: the room's checkpoint (the root's newest evaluated model, from the server) written as
 * model.json + weights.bin + canopy.json, the same files a node page or the dashboard downloads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoredCheckpointSchema, type StoredCheckpoint } from '@canopy/protocol';
import { modelFiles, METADATA_FILE, MODEL_FILE, WEIGHTS_FILE } from '../../browser-node/src/training/export/model-files';
import { isModelName } from '../../browser-node/src/training/model/names';

export async function saveRoomModel(serverUrl: string, room: string, dir: string): Promise<StoredCheckpoint> {
  const base = `${serverUrl}/api/rooms/${encodeURIComponent(room)}/checkpoint`;
  const description = await fetch(base);
  if (description.status === 404) throw new Error(`room ${room} has no checkpoint (the root uploads one every 10 s once it has evaluated)`);
  const checkpoint = StoredCheckpointSchema.parse(((await description.json()) as { checkpoint: unknown }).checkpoint);
  const values = await (await fetch(`${base}.bin`)).arrayBuffer();
  if (values.byteLength !== checkpoint.parameterCount * 4) throw new Error('the checkpoint changed while it was read; run again');
  if (!isModelName(checkpoint.model)) throw new Error(`unknown model ${checkpoint.model}`);
  const files = await modelFiles(new Float32Array(values), {
    dataset: checkpoint.dataset, model: checkpoint.model, room, runId: checkpoint.runId, algorithm: checkpoint.algorithm, steps: checkpoint.step,
    heldOut: checkpoint.heldOut, savedAt: new Date(checkpoint.at).toISOString(), source: `pnpm demo (room checkpoint uploaded by ${checkpoint.peerId})`,
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MODEL_FILE), files[MODEL_FILE]);
  writeFileSync(join(dir, WEIGHTS_FILE), new Uint8Array(files[WEIGHTS_FILE]));
  writeFileSync(join(dir, METADATA_FILE), files[METADATA_FILE]);
  return checkpoint;
}
