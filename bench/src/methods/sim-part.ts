/** The simulator part of the methods benchmark as bench results, with its plot written beside them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from '../../section';
import { errorPlotSvg } from './error-plot';
import { SIM_SETTINGS } from './sim-scenarios';
import { simulateMethods } from './sim-runs';
import { simTable } from './sim-table';

export const RESULTS_DIR = join(import.meta.dirname, '..', '..', '..', 'results');
/** Relative to the Markdown files in results/, which link it. */
export const PLOT_FILE = 'bench-methods.svg';

/** The plotted scenario: the hardest one (straggler and loss). */
const PLOTTED = { straggler: true, loss: Math.max(...SIM_SETTINGS.losses) };

export async function simPart(log: (line: string) => void, resultsDir = RESULTS_DIR): Promise<BenchResult> {
  const outcomes = await simulateMethods(log);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, PLOT_FILE), errorPlotSvg(outcomes, PLOTTED));
  log(`wrote ${join(resultsDir, PLOT_FILE)}`);
  return simTable(outcomes, PLOT_FILE);
}
