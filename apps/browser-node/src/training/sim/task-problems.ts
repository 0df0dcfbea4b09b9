/** The room's training tasks (packages/protocol tasks.ts) as simulator problems: `pnpm sim --problem mnist-mlp`. */
import type { ExternalProblem } from '@canopy/algorithms/sim-cli';
import { defaultRoomSettings, TRAINING_TASKS, type TrainingTask } from '@canopy/protocol';
import { createModelProblem } from './model-problem';

export function taskProblem(task: TrainingTask): ExternalProblem {
  return {
    description: task.label,
    targetAccuracy: task.target,
    defaultLearningRate: task.learningRate ?? defaultRoomSettings().algorithm.learningRate,
    create: (shards, seed) => createModelProblem({ dataset: task.dataset, model: task.model, batchSize: task.batchSize, shards, seed }),
  };
}

export const TASK_PROBLEMS: ReadonlyMap<string, ExternalProblem> = new Map(TRAINING_TASKS.map((task) => [task.name, taskProblem(task)]));
