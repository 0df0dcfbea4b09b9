/**
 * Running the browser part inside a private network namespace with a veth pair (Linux, root): Chromium
 * gathers no ICE candidates with loopback alone, and test traffic must never leave the machine. Elsewhere
 * (not Linux, not root, no `unshare`/`ip`) it runs directly. Same recipe as e2e/run.sh.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Set inside the namespace, so the re-executed process does not try again. */
export const IN_NETNS_ENV = 'CANOPY_IN_NETNS';

export interface NamespaceFacts {
  readonly platform: NodeJS.Platform;
  /** undefined where process.getuid does not exist (Windows). */
  readonly uid: number | undefined;
  readonly alreadyInside: boolean;
  readonly hasUnshare: boolean;
  readonly hasIp: boolean;
}

export type NamespaceDecision =
  | { readonly kind: 'enter' }
  | { readonly kind: 'inside' }
  | { readonly kind: 'direct'; readonly reason: string };

export function decideNamespace(facts: NamespaceFacts): NamespaceDecision {
  if (facts.alreadyInside) return { kind: 'inside' };
  if (facts.platform !== 'linux') return { kind: 'direct', reason: `not Linux (${facts.platform})` };
  if (facts.uid !== 0) return { kind: 'direct', reason: 'not root' };
  if (!facts.hasUnshare || !facts.hasIp) return { kind: 'direct', reason: 'unshare or ip (iproute2) missing' };
  return { kind: 'enter' };
}

export function onPath(command: string, path = process.env['PATH'] ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function currentFacts(): NamespaceFacts {
  return {
    platform: process.platform,
    uid: process.getuid?.(),
    alreadyInside: process.env[IN_NETNS_ENV] === '1',
    hasUnshare: onPath('unshare'),
    hasIp: onPath('ip'),
  };
}

/** Brings up lo and a veth pair whose default route goes nowhere: WebRTC sees a network, nothing leaves. */
const SETUP = [
  'set -e',
  'ip link set lo up',
  'ip link add v0 type veth peer name v1',
  'ip addr add 10.200.0.1/24 dev v0',
  'ip link set v1 up',
  'ip link set v0 up',
  'ip route add default via 10.200.0.2 dev v0',
  'exec "$0" "$@"',
].join('\n');

/** The command line that runs `command` inside a fresh namespace. */
export function namespaceCommand(command: readonly string[]): { file: string; args: string[] } {
  return { file: 'unshare', args: ['-n', 'env', `${IN_NETNS_ENV}=1`, 'bash', '-c', SETUP, ...command] };
}

/**
 * Re-runs this very process (same node flags, so tsx's loader too) inside a namespace and resolves with its
 * exit code. unshare and bash exec into the command, so the child *is* the inner process. Ctrl-C reaches it
 * directly (same process group): this side only ignores SIGINT; SIGTERM (a benchmark's timeout) is forwarded.
 */
export function reexecInNamespace(): Promise<number> {
  const { file, args } = namespaceCommand([process.execPath, ...process.execArgv, ...process.argv.slice(1)]);
  const child = spawn(file, args, { stdio: 'inherit' });
  const ignore = (): void => undefined;
  const forward = (): void => {
    child.kill('SIGTERM');
  };
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`cannot enter a network namespace: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 143));
    });
  });
}
