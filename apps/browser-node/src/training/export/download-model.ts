/**
 * Saves a model as the three files of model-files.ts through the browser's downloads (model.json names its
 * weights file, so the names are fixed: keep the three in one folder). Imported lazily (it pulls in tfjs): a
 * page that never exports never loads it.
 */
import { download } from '../../dashboard/downloads';
import { METADATA_FILE, MODEL_FILE, modelFiles, WEIGHTS_FILE, type ModelMetadata } from './model-files';

export async function downloadModel(params: Float32Array, metadata: Omit<ModelMetadata, 'format' | 'parameterCount'>): Promise<void> {
  const files = await modelFiles(params, metadata);
  download(MODEL_FILE, 'application/json', files[MODEL_FILE]);
  download(WEIGHTS_FILE, 'application/octet-stream', files[WEIGHTS_FILE]);
  download(METADATA_FILE, 'application/json', files[METADATA_FILE]);
}
