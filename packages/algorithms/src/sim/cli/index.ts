/** `pnpm sim` as a library (Node only): the CLI function, its progress reporters, and the hook for real-model problems. */
export { runCli, type CliIo, type CliOutcome } from './run';
export { stderrProgress, silentProgress } from './progress';
export type { ExternalProblem, ExternalProblems } from './external-problems';
