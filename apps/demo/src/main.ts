/**
 * `pnpm demo`: builds the node page if needed, starts the signaling server and N headless Chromium tabs that
 * train together, shows live progress, then prints a summary and writes a report (Markdown, SVG, CSV).
 * On Linux as root it re-runs itself inside a private network namespace (see packages/harness/src/netns.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { chromium } from 'playwright-core';
import { repoRoot } from '../../../packages/harness/src/server';
import { buildApp, currentBuildNeed } from '../../../packages/harness/src/app-build';
import { ChromiumMissingError, findChromium, realLookup } from '../../../packages/harness/src/chromium';
import { currentFacts, decideNamespace, reexecInNamespace } from '../../../packages/harness/src/netns';
import { runCluster } from './cluster-run';
import { DEMO_EXIT as EXIT } from './exit-codes';
import { parseDemoArgs, type DemoOptions } from './options';
import { createProgress } from './progress';
import { writeReport } from './report';
import { summaryTable } from './summary';

function parse(): DemoOptions | number {
  try {
    return parseDemoArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed it
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
}

async function main(): Promise<number> {
  const options = parse();
  if (typeof options === 'number') return options;
  const decision = decideNamespace(currentFacts());
  try {
    findChromium(realLookup(() => chromium.executablePath())); // before a long build, not after
  } catch (error) {
    if (!(error instanceof ChromiumMissingError)) throw error;
    console.error(error.message);
    return EXIT.noChromium;
  }

  // Build before entering the namespace, once; the re-executed process finds it done.
  if (options.build && decision.kind !== 'inside') {
    const need = currentBuildNeed(repoRoot);
    if (need.build) {
      console.log(`building the node page (${need.why})…`);
      await buildApp(repoRoot, (line) => console.log(`  ${line}`));
    }
  }
  if (decision.kind === 'enter') return reexecInNamespace();
  if (decision.kind === 'direct') console.log(`running without a private network namespace (${decision.reason})`);

  const progress = createProgress(options.progress, options.duration);
  const abort = new AbortController();
  const stop = (): void => {
    if (abort.signal.aborted) process.exit(EXIT.interrupted);
    progress.message('stopping: closing the tabs and the server (again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let result;
  try {
    result = await runCluster(options, { progress, signal: abort.signal });
  } catch (error) {
    progress.stop();
    if (error instanceof ChromiumMissingError) {
      console.error(error.message);
      return EXIT.noChromium;
    }
    if (abort.signal.aborted) {
      console.error('interrupted before training started');
      return EXIT.interrupted;
    }
    console.error(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failed;
  }
  progress.stop();
  console.log(`\n${summaryTable(result)}`);
  const files = writeReport(result, resolve(repoRoot, options.out));
  console.log(`\nReport: ${files.markdown}\nPlot:   ${files.svg}\nSeries: ${files.csv}`);
  if (options.json !== undefined) {
    const path = resolve(repoRoot, options.json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(result));
    console.log(`JSON:   ${path}`);
  }
  return abort.signal.aborted ? EXIT.interrupted : EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(EXIT.failed);
  },
);
