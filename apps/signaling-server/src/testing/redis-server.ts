/**
 * A real redis-server (Debian's) on a free port with its own directory, for the tests, e2e scenarios and
 * benchmarks that run instances on Redis. Append-only persistence, so `restart()` loses nothing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

export const REDIS_SERVER = 'redis-server';

export interface RunningRedis {
  readonly port: number;
  readonly url: string;
  /** Stops it (SIGTERM: it writes what it holds) and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function redisServerMissing(): string | undefined {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  return `${REDIS_SERVER} is not installed (Debian: apt-get install redis-server; .ci/run installs it)`;
}

export async function startRedis(): Promise<RunningRedis> {
  const missing = redisServerMissing();
  if (missing !== undefined) throw new Error(missing);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'canopy-redis-'));
  let child: ChildProcess | undefined;
  const output: string[] = [];

  const start = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no'];
    const started = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server not ready within 10 s:\n${output.join('')}`)), 10_000);
      const onData = (data: Buffer): void => {
        output.push(data.toString());
        if (output.join('').includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout?.on('data', onData);
      started.stderr?.on('data', (data: Buffer) => output.push(data.toString()));
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${output.join('')}`));
      });
    });
    output.length = 0;
  };

  const halt = async (): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await halt();
      await start();
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
