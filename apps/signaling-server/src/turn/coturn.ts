/**
 * Debian's coturn as the deployment's TURN relay, started and stopped with the signaling server (`--turn`).
 * Why coturn rather than a TURN server written in JavaScript: it is the relay WebRTC deployments run, it is
 * packaged (`apt-get install coturn`), it relays in C at line rate (a relayed link carries a model every
 * step), and it checks the same time-limited REST credentials (turn-credentials.ts) an external relay would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stunAnswers } from './stun-probe';

export interface CoturnOptions {
  /** UDP and TCP port of the listener (3478 is TURN's registered port). */
  readonly port: number;
  /** Shared secret of the REST credentials. */
  readonly secret: string;
  /** Addresses to listen on; every interface when empty (the relay addresses are then all non-loopback ones). */
  readonly listeningIps?: readonly string[];
  /** Only for tests on one host without other interfaces: coturn refuses loopback peers otherwise. */
  readonly allowLoopbackPeers?: boolean;
  readonly binary?: string;
  /** Longest wait for the relay to answer a STUN request. */
  readonly readyTimeoutMs?: number;
}

export interface RunningCoturn {
  readonly port: number;
  /** The last lines coturn printed (for error messages). */
  output(): string;
  stop(): Promise<void>;
}

export class CoturnUnavailableError extends Error {
  readonly reason = 'coturn-unavailable';
}

const OUTPUT_LINES = 60;

/** The secret goes in a file only this user can read: a command line is visible to every user of the machine. */
export function coturnConfig(secret: string): string {
  return `static-auth-secret=${secret}\n`;
}

export function coturnArgs(options: CoturnOptions, workDir: string): string[] {
  return [
    '-c', join(workDir, 'turnserver.conf'),
    '--listening-port', String(options.port),
    ...(options.listeningIps ?? []).flatMap((ip) => ['--listening-ip', ip]),
    '--use-auth-secret',
    '--realm', 'canopy',
    '--fingerprint',
    // Data channels need UDP (or TCP) relaying only; no certificates to manage.
    '--no-tls', '--no-dtls', '--no-cli',
    // A relay must not become a way into the server's own services.
    '--no-multicast-peers',
    ...(options.allowLoopbackPeers === true ? ['--allow-loopback-peers'] : []),
    '--pidfile', join(workDir, 'turnserver.pid'),
    '--userdb', join(workDir, 'turndb'),
    '--log-file', 'stdout', '--simple-log',
  ];
}

function onPath(command: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The command that runs coturn. Through util-linux's `setpriv --pdeathsig` where it exists, so the relay also
 * stops when this process dies without cleaning up (SIGKILL, a crash) instead of holding the port.
 */
function command(binary: string, args: string[]): { file: string; args: string[] } {
  if (process.platform === 'linux' && onPath('setpriv')) return { file: 'setpriv', args: ['--pdeathsig', 'TERM', '--', binary, ...args] };
  return { file: binary, args };
}

export async function startCoturn(options: CoturnOptions): Promise<RunningCoturn> {
  const binary = options.binary ?? 'turnserver';
  if (!binary.includes('/') && !onPath(binary)) {
    throw new CoturnUnavailableError(
      `the TURN relay needs coturn's \`${binary}\`, which is not installed. Debian/Ubuntu: sudo apt-get install -y coturn; ` +
        'or run a relay elsewhere and pass --turn-url and --turn-secret',
    );
  }
  const workDir = mkdtempSync(join(tmpdir(), 'canopy-coturn-'));
  writeFileSync(join(workDir, 'turnserver.conf'), coturnConfig(options.secret), { mode: 0o600 });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter((line) => line.trim() !== ''));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES));
  };
  const run = command(binary, coturnArgs(options, workDir));
  const child: ChildProcess = spawn(run.file, run.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = (): string => lines.join('\n');
  const cleanUp = (): void => rmSync(workDir, { recursive: true, force: true });

  const failed = new Promise<Error>((resolve) => {
    child.once('error', (error) => resolve(new CoturnUnavailableError(`cannot start ${binary}: ${error.message}`)));
    child.once('exit', (code, signal) => resolve(new CoturnUnavailableError(`${binary} exited (${code ?? signal}) before it answered:\n${output()}`)));
  });
  const probeHost = options.listeningIps?.[0] ?? '127.0.0.1';
  const ready = stunAnswers(probeHost, options.port, options.readyTimeoutMs ?? 10_000).then((answered) =>
    answered ? undefined : new CoturnUnavailableError(`${binary} did not answer STUN on ${probeHost}:${options.port}:\n${output()}`),
  );
  const problem = await Promise.race([failed, ready]);

  const stop = async (): Promise<void> => {
    // No pid: spawn itself failed (no such binary), there is nothing to stop.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(force);
    }
    cleanUp();
  };
  if (problem !== undefined) {
    await stop();
    throw problem;
  }
  return { port: options.port, output, stop };
}
