/**
 * Entry point of `pnpm sim`: the simulator's CLI (packages/algorithms) with the room's real models added as
 * problems. tfjs runs on the wasm backend, as in a tab; activated only when a real model is asked for.
 */
import { runCli, silentProgress, stderrProgress } from '@canopy/algorithms/sim-cli';
import { activateBackend } from '../backend/backends';
import { TASK_PROBLEMS } from './task-problems';

const argv = process.argv.slice(2);
if ([...TASK_PROBLEMS.keys()].some((name) => argv.includes(name))) {
  const activation = await activateBackend('wasm');
  if (!activation.ok) {
    process.stderr.write(`error: tfjs wasm backend unavailable: ${activation.reason}\n`);
    process.exit(1);
  }
}
const outcome = runCli(
  argv,
  {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    progress: (forced) => (forced || process.stderr.isTTY ? stderrProgress(process.stderr) : silentProgress),
  },
  TASK_PROBLEMS,
);
process.exitCode = outcome.exitCode;
