/**
 * The CLI as a function: argv in, exit code out, all output through `io`. main.ts binds it to the process;
 * tests call it in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { runSimulation } from '../index';
import type { SimConfig, SimResult } from '../index';
import { implementedAlgorithms } from '../../algorithms/index';
import { scenarioTitle, toSimConfigs } from './config';
import { toCsv } from './csv';
import { buildProgram } from './program';
import type { ParsedFlags } from './program';
import { silentProgress } from './progress';
import type { ProgressReporter } from './progress';
import type { ExternalProblem, ExternalProblems } from './external-problems';
import { accuracySummaryTable, summaryTable } from './summary';
import { toAccuracySvg, toSvg } from './svg';
import { USAGE_EXIT_CODE, UsageError } from './usage-error';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Called once flags are known: whether the user forced a bar (--progress). Returns the reporter to use. */
  readonly progress?: (forced: boolean) => ProgressReporter;
}

export interface CliOutcome {
  readonly exitCode: number;
  readonly files?: { readonly csv: string; readonly svg: string };
}

/** `argv` excludes the node and script paths (process.argv.slice(2)). */
export function runCli(argv: readonly string[], io: CliIo, externalProblems: ExternalProblems = new Map()): CliOutcome {
  let flags: ParsedFlags;
  let configs: SimConfig[];
  let external: ExternalProblem | undefined;
  try {
    flags = parseFlags(argv, io, externalProblems);
    external = externalProblems.get(flags.problem);
    configs = toSimConfigs(flags, external);
  } catch (error) {
    return { exitCode: reportUsageError(error, io) };
  }

  const title = scenarioTitle(flags, external !== undefined);
  io.out(`Scenario: ${title}`);
  const progress = io.progress?.(flags.progress) ?? silentProgress;
  const results: SimResult[] = [];
  try {
    for (const config of configs) {
      // A real model is built afresh per run: same seed, same shards and x⁰ for every algorithm.
      const problem = external?.create(config.nodes + flags.join.length, config.seed);
      results.push(runSimulation(config, { onProgress: progress.start(config.algorithm) }, problem !== undefined ? { problem } : {}));
    }
  } catch (error) {
    progress.stop();
    // A simulator refusal (e.g. an unsupported combination) is the user's input, not a crash: one line, exit 1.
    io.err(`error: simulation failed: ${error instanceof Error ? error.message : String(error)}`);
    return { exitCode: 1 };
  }
  progress.stop();

  const dir = resolve(flags.out);
  const files = { csv: join(dir, `${flags.name}.csv`), svg: join(dir, `${flags.name}.svg`) };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(files.csv, toCsv(results));
    writeFileSync(files.svg, external !== undefined ? toAccuracySvg(results, title) : toSvg(results, title));
  } catch (error) {
    io.err(`error: cannot write to --out ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    return { exitCode: 1 };
  }
  io.out(external !== undefined ? accuracySummaryTable(results, external.targetAccuracy) : summaryTable(results, flags.target));
  for (const result of results) {
    if (flags.byzantine === undefined) break;
    const evicted = (result.evictions ?? []).map((e) => `${e.peer} at t=${e.at.toFixed(1)}`);
    io.out(`${result.config.algorithm}: ${evicted.length > 0 ? `quarantined and evicted ${evicted.join(', ')}` : 'no attacker was quarantined'}; metrics describe the honest nodes`);
  }
  io.out(`CSV: ${files.csv}\nSVG: ${files.svg}`);
  return { exitCode: 0, files };
}

function parseFlags(argv: readonly string[], io: CliIo, external: ExternalProblems): ParsedFlags {
  const descriptions = new Map([...external].map(([name, problem]) => [name, problem.description]));
  const program = buildProgram(implementedAlgorithms(), descriptions)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  program.parse([...argv], { from: 'user' });
  return program.opts<ParsedFlags>();
}

/** Help exits 0; a commander error (already printed by commander) or a UsageError exits 2. */
function reportUsageError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' ? 0 : USAGE_EXIT_CODE;
  if (error instanceof UsageError) {
    io.err(error.message);
    return USAGE_EXIT_CODE;
  }
  throw error;
}
