/**
 * Wraps a TrainingSetup so every gradient request is timestamped: the runner calls gradients() once per
 * loop step, so consecutive start times are whole steps (plan, gradient, complete, encode and send,
 * evaluations and reports), measured without touching the runner.
 */
import type { GradientSource, TrainingSetup } from './gradient-source';

export class StepRecorder {
  starts: number[] = [];
  computeMs: number[] = [];

  take(): { starts: number[]; computeMs: number[] } {
    const taken = { starts: this.starts, computeMs: this.computeMs };
    this.starts = [];
    this.computeMs = [];
    return taken;
  }
}

export function timedSetup(inner: TrainingSetup, recorder: StepRecorder, now: () => number = () => performance.now()): TrainingSetup {
  return {
    async prepare(spec) {
      const run = await inner.prepare(spec);
      return { ...run, source: timedSource(run.source, recorder, now) };
    },
  };
}

function timedSource(source: GradientSource, recorder: StepRecorder, now: () => number): GradientSource {
  return {
    async gradients(points, batch) {
      const started = now();
      recorder.starts.push(started);
      const result = await source.gradients(points, batch);
      recorder.computeMs.push(now() - started);
      return result;
    },
    evaluate: (params) => source.evaluate(params),
  };
}
