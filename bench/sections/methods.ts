/**
 * Issue 7: one comparison over all methods. Simulator (virtual time, seeded: bench/src/methods/sim-*.ts) and
 * 4 real Chromium tabs per method for 60 s (bench/src/methods/browser-*.ts, ~15 min in all). `pnpm bench
 * methods` runs both; `pnpm bench methods-sim` only the simulator part. Writes results/bench-methods.svg too.
 */
import type { BenchSection } from '../section';
import { runMethodsInBrowser } from '../src/methods/browser-runs';
import { browserTable } from '../src/methods/browser-table';
import { simPart } from '../src/methods/sim-part';

export const section: BenchSection = {
  name: 'methods',
  description: 'every method in the simulator (n = 16, straggler, loss) and for 60 s in 4 Chromium tabs',
  async run(log) {
    const sim = await simPart(log);
    const browser = browserTable(await runMethodsInBrowser(log));
    return [sim, browser];
  },
};
