/**
 * Named training tasks: a dataset, a model, a per-tab batch and the held-out accuracy that counts as done.
 * The simulator (`pnpm sim --problem NAME`), the scaling benchmark and the room settings speak of the same
 * tasks. Why two: MNIST MLP at batch 32 to 90% is what a first run shows in seconds, but one tab gets there
 * almost as fast as a room (the ideal 8-way large batch needs ~4× fewer steps at best); at batch 8 to 95% the
 * gradient noise of one tab dominates, so pooling 8 tabs' batches pays (measured: results/bench-scaling.md).
 */
export interface TrainingTask {
  readonly name: string;
  readonly label: string;
  readonly dataset: string;
  readonly model: string;
  /** Samples per step on each tab. */
  readonly batchSize: number;
  /** Held-out accuracy at which the task counts as trained (next-character accuracy for text). */
  readonly target: number;
  /** The task's own step size (plain SGD on a transformer wants a larger one); absent: the room default. */
  readonly learningRate?: number;
}

export const TRAINING_TASKS = [
  { name: 'mnist-mlp', label: 'MNIST digits, MLP, batch 32, to 90%', dataset: 'mnist', model: 'mlp', batchSize: 32, target: 0.9 },
  { name: 'mnist-mlp-b8', label: 'MNIST digits, MLP, batch 8, to 95%', dataset: 'mnist', model: 'mlp', batchSize: 8, target: 0.95 },
  {
    name: 'moby-dick-transformer',
    label: 'Moby-Dick characters, transformer, batch 16 windows of 64, to 30% next-character accuracy',
    dataset: 'moby-dick',
    model: 'transformer',
    batchSize: 16,
    target: 0.3,
    learningRate: 0.3,
  },
] as const satisfies readonly TrainingTask[];

export type TrainingTaskName = (typeof TRAINING_TASKS)[number]['name'];

export function trainingTask(name: string): TrainingTask | undefined {
  return TRAINING_TASKS.find((task) => task.name === name);
}
