/** The simulator part of the methods comparison alone (about a minute; see methods.ts for the whole section). */
import type { BenchSection } from '../section';
import { simPart } from '../src/methods/sim-part';

export const section: BenchSection = {
  name: 'methods-sim',
  description: 'every method in the simulator: logistic regression, n = 16, with and without a 4× straggler, loss 0 and 0.2',
  run: async (log) => simPart(log),
};
