/**
 * A neighbour's compute for the runner benchmark. Only the measured node trains the real MLP: three tfjs
 * workers on this 2-core machine would measure CPU contention, not the runner. A neighbour runs the real
 * Runner, Mesh and links with vectors of the model's size, but its "gradient" is a cheap weight decay
 * (g = λx) returned after sleeping one real step's time, so it sends and receives at a real node's pace.
 */
import type { Timers } from '../src/net/timers';
import type { GradientSource, PreparedRun, TrainingSetup } from '../src/runner/gradient-source';

const DECAY = 1e-4;

export function pacedSetup(dimension: number, paceMs: number, timers: Timers): TrainingSetup {
  const source: GradientSource = {
    async gradients(points) {
      await timers.sleep(paceMs); // a worker timer, like the real compute's reply: no main-thread time used
      return { loss: 0, accuracy: 0, gradients: points.map((x) => Float32Array.from(x, (value) => DECAY * value)), losses: points.map(() => 0) };
    },
    async evaluate() {
      return { loss: 0, accuracy: 0 };
    },
  };
  return {
    async prepare(): Promise<PreparedRun> {
      return { x0: new Float32Array(dimension), source, backend: 'paced' };
    },
  };
}
