/**
 * Runs a tsx script as a child process that writes its result to a JSON file: streams its output lines to `log`
 * (keeping the last 200 for error reports), kills it after `timeoutMs` (SIGTERM, then SIGKILL after a grace
 * period) and reads the file back. How the benchmark sections (plain tsx, outside any network namespace) run
 * browser work that enters the namespace by itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './server';

export interface JsonChildRun {
  /** The script, relative to the repository root. */
  readonly script: string;
  /** Its arguments, given the path it must write its JSON result to. */
  readonly args: (jsonPath: string) => readonly string[];
  readonly timeoutMs: number;
  /** Time between SIGTERM and SIGKILL once the timeout has passed. */
  readonly killGraceMs: number;
  readonly log: (line: string) => void;
}

export interface JsonChildExit {
  /** Exit code; null when it could not start or died by a signal. */
  readonly code: number | null;
  readonly timedOut: boolean;
  /** The result file's text, when it wrote one. */
  readonly json: string | undefined;
  /** Its last output lines (and a spawn error, if any). */
  readonly tail: readonly string[];
}

const TAIL_LINES = 200;

export async function runJsonChild(run: JsonChildRun): Promise<JsonChildExit> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-child-'));
  const jsonPath = join(dir, 'result.json');
  const child = spawn(process.execPath, ['--import', 'tsx', run.script, ...run.args(jsonPath)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      run.log(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let timedOut = false;
  let kill: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM'); // the scripts close their browser and server on SIGTERM (a namespace wrapper forwards it)
    kill = setTimeout(() => child.kill('SIGKILL'), run.killGraceMs);
  }, run.timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        tail.push(error.message);
        resolve(null);
      });
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    return { code, timedOut, json: readIfPresent(jsonPath), tail };
  } finally {
    clearTimeout(timer);
    clearTimeout(kill);
    rmSync(dir, { recursive: true, force: true });
  }
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
