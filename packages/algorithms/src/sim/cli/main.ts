/** Entry point of `pnpm sim` (see run.ts for the CLI itself and --help for the flags). */
import { runCli } from './run';
import { stderrProgress, silentProgress } from './progress';

const outcome = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  progress: (forced) => (forced || process.stderr.isTTY ? stderrProgress(process.stderr) : silentProgress),
});
process.exitCode = outcome.exitCode;
