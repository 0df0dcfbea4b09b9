/**
 * The tfjs-free API of the training half: the page bundle stays small and tfjs runs only in the runner
 * worker. tfjs-bound modules are imported directly where they run:
 *   worker / Node:  ./trainer (createTrainer), ./model/model (createModel), ./backend/choose-backend,
 *                   ./backend/backends (activateBackend, currentBackend)
 *   Node only:      ./data/node-asset (loadDatasetFromDisk, loadMnistFromDisk)
 *   worker only:    ./tf-trainer (createTfTrainer), ./backend/browser-backends
 */
export { seededRandom, deriveSeed, type Random } from './random';
export { splitDataset, makeBatch, type Batch, type Dataset, type LabelledImages } from './data/dataset';
export { decodeDataset, encodeDataset, DatasetFormatError, type DatasetFormatReason } from './data/format';
export { fetchDataset, MNIST_ASSET } from './data/load';
export { shardIndices, partitionIndices, type Partition, type ShardOptions, type PartitionOptions } from './data/shard';
export { MinibatchSampler } from './data/sampler';
export { MODEL_NAMES, type ModelName } from './model/names';
export { BACKEND_NAMES, isBackendName, type BackendName } from './backend/names';
export type { BackendTrial } from './backend/choose-backend';
export type { BatchKind, ShardSpec, GradientsResult, HeldOutEvaluation } from './trainer';
