/**
 * Hosts that cannot reach each other: each gets a network namespace of its own with one veth to the namespace
 * this process runs in (where the server runs), a /30 of its own, and its default route via the server's side,
 * which does not forward (ip_forward is switched off here). So a host reaches the server's address and nothing
 * else: the gateway of a school Wi-Fi with client isolation. (Chromium gathers no host candidates at all
 * without a default route, so one is needed for a realistic host.) A browser is put
 * on a host by a launcher script that runs Chromium through `ip netns exec` (Playwright still drives it over
 * its pipe). Needs Linux, root and iproute2 (the e2e run already has them).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IsolatedHost {
  readonly namespace: string;
  /** This host's own address. */
  readonly address: string;
  /** The server side of its veth: the one address this host can reach. */
  readonly serverAddress: string;
  /** An executable that starts `chromium` with its arguments inside this host's namespace. */
  readonly chromiumLauncher: string;
}

export interface IsolatedHosts {
  readonly hosts: readonly IsolatedHost[];
  /** Whether the namespace between the hosts forwards packets (it must not). */
  forwarding(): boolean;
  remove(): void;
}

const FORWARDING = '/proc/sys/net/ipv4/ip_forward';

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * IPv4 only inside a host: an IPv6 link-local address appears a second or two after a link comes up (duplicate
 * address detection), and Chromium, already started, aborts its page load with ERR_NETWORK_CHANGED.
 */
export function disableIpv6(namespace: string): void {
  execFileSync('ip', ['netns', 'exec', namespace, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'], { stdio: 'ignore' });
}

/** `count` hosts, 10.<subnet>.<i>.0/30 each: .1 on the server side, .2 on the host. */
export function createIsolatedHosts(count: number, chromium: string, subnet = 201): IsolatedHosts {
  const tag = `${process.pid % 10_000}`;
  const scripts = mkdtempSync(join(tmpdir(), 'canopy-hosts-'));
  const hosts: IsolatedHost[] = [];
  const remove = (): void => {
    for (const host of hosts) {
      try {
        ip('netns', 'delete', host.namespace); // deleting the namespace deletes both ends of its veth
      } catch {
        // already gone
      }
    }
    rmSync(scripts, { recursive: true, force: true });
  };
  try {
    writeFileSync(FORWARDING, '0'); // this namespace is the hosts' gateway: it must not pass packets between them
    for (let i = 0; i < count; i++) {
      const namespace = `canopy-${tag}-h${i}`;
      const outside = `ch${tag}h${i}`;
      const serverAddress = `10.${subnet}.${i}.1`;
      const address = `10.${subnet}.${i}.2`;
      ip('netns', 'add', namespace);
      const chromiumLauncher = join(scripts, `chromium-h${i}`);
      hosts.push({ namespace, address, serverAddress, chromiumLauncher });
      ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace);
      ip('addr', 'add', `${serverAddress}/30`, 'dev', outside);
      ip('link', 'set', outside, 'up');
      disableIpv6(namespace);
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      ip('-n', namespace, 'addr', 'add', `${address}/30`, 'dev', 'eth0');
      ip('-n', namespace, 'link', 'set', 'eth0', 'up');
      ip('-n', namespace, 'route', 'add', 'default', 'via', serverAddress);
      writeFileSync(chromiumLauncher, `#!/bin/sh\nexec ip netns exec ${namespace} ${chromium} "$@"\n`);
      chmodSync(chromiumLauncher, 0o755);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { hosts, forwarding: () => readFileSync(FORWARDING, 'utf8').trim() !== '0', remove };
}
