/**
 * A trained model as files: `model.json` + `weights.bin` (the tfjs LayersModel format, loadable with
 * `tf.loadLayersModel`) and `canopy.json` (what it is: task, run, steps, held-out figures, when). Also the
 * way back, from those files to a LayersModel, for `pnpm evaluate` and tests.
 */
import * as tf from '@tensorflow/tfjs';
import { createModel } from '../model/model';
import type { ModelName } from '../model/names';
import { toLayersModel } from './layers-model';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const METADATA_FILE = 'canopy.json';
export const METADATA_FORMAT = 'canopy-model/1';

export interface ModelMetadata {
  readonly format: typeof METADATA_FORMAT;
  readonly dataset: string;
  readonly model: ModelName;
  readonly parameterCount: number;
  readonly room: string;
  readonly runId: number;
  readonly algorithm: string;
  /** Training steps of the node whose model this is. */
  readonly steps: number;
  /** On the dataset's whole held-out split, evaluated on exactly these weights. */
  readonly heldOut: { readonly accuracy: number; readonly loss: number; readonly samples: number } | null;
  /** ISO 8601. */
  readonly savedAt: string;
  readonly source: string;
}

export interface ModelFiles {
  readonly [MODEL_FILE]: string;
  readonly [WEIGHTS_FILE]: ArrayBuffer;
  readonly [METADATA_FILE]: string;
}

export async function modelFiles(params: Float32Array, metadata: Omit<ModelMetadata, 'format' | 'parameterCount'>): Promise<ModelFiles> {
  for (let i = 0; i < params.length; i++) {
    if (!Number.isFinite(params[i])) throw new Error(`the model has a non-finite value at ${i}: not exported`);
  }
  const { layout } = createModel(metadata.model);
  const layers = toLayersModel(metadata.model, layout, params);
  try {
    let saved: tf.io.ModelArtifacts | undefined;
    await layers.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (saved?.weightSpecs === undefined || saved.weightData === undefined) throw new Error('tfjs saved no weights');
    const weightData = tf.io.concatenateArrayBuffers([saved.weightData].flat());
    const modelJson = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: saved.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: saved.weightSpecs }],
    };
    const full: ModelMetadata = { format: METADATA_FORMAT, parameterCount: params.length, ...metadata };
    return { [MODEL_FILE]: JSON.stringify(modelJson), [WEIGHTS_FILE]: weightData, [METADATA_FILE]: JSON.stringify(full, null, 2) };
  } finally {
    layers.dispose();
  }
}

/** The LayersModel in `model.json` + `weights.bin` (read by the caller from wherever they are). */
export async function loadModelFiles(modelJson: string, weights: ArrayBuffer): Promise<tf.LayersModel> {
  const parsed = JSON.parse(modelJson) as { modelTopology?: unknown; weightsManifest?: { weights: tf.io.WeightsManifestEntry[] }[] };
  const specs = parsed.weightsManifest?.flatMap((group) => group.weights);
  if (parsed.modelTopology === undefined || specs === undefined) throw new Error(`${MODEL_FILE} is not a tfjs layers model`);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: parsed.modelTopology as tf.io.ModelJSON['modelTopology'], weightSpecs: specs, weightData: weights }));
}
