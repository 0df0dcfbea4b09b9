/**
 * The real signaling server as a child process on a free port, so a scenario can kill and restart it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../apps/signaling-server/src/testing/free-port';

export { freePort };

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly adminToken: string;
  /** Everything the server printed, for failure reports. */
  readonly output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts it again on the same port with the same token (the "server restarted" scenario); `freshState`: with a
   * new, empty state directory (a server that lost its disk).
   */
  start(options?: { readonly freshState?: boolean }): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${output.join('')}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy within 30 s:\n${output.join('')}`);
}

export interface LaunchOptions {
  /** Interface to listen on (127.0.0.1 by default; 0.0.0.0 for tabs in other network namespaces). */
  readonly host?: string;
  /** More flags for the server (e.g. `--turn`). */
  readonly args?: readonly string[];
  /** The admin token (several instances of one deployment share it); random by default. */
  readonly adminToken?: string;
}

export async function launchServer(options: LaunchOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const adminToken = options.adminToken ?? randomBytes(16).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  // Kept across a restart (the key that proves resumed peer ids, the room ledger), fresh for each server.
  let stateDir = mkdtempSync(join(tmpdir(), 'canopy-state-'));
  let child: ChildProcess | undefined;

  const start = async (startOptions: { readonly freshState?: boolean } = {}): Promise<void> => {
    if (startOptions.freshState === true) stateDir = mkdtempSync(join(tmpdir(), 'canopy-state-'));
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'apps/signaling-server/src/main.ts', '--port', String(port), '--host', options.host ?? '127.0.0.1',
        '--admin-token', adminToken, '--static', 'apps/browser-node/dist', '--state-dir', stateDir, ...(options.args ?? [])],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    await waitForHealth(url, child, output);
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const running = child;
    // A process killed by a signal keeps exitCode null and sets signalCode instead.
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return { port, url, adminToken, output, stop, start };
}
