/** The ready-to-open node and dashboard links printed at start-up. */
import { networkInterfaces } from 'node:os';

/** Hosts a person can type: the listening host, or loopback plus the LAN addresses when listening everywhere. */
export function reachableHosts(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [host];
  const lan = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
  return ['localhost', ...lan];
}

export function startupLinks(hosts: readonly string[], port: number, token: string, room = 'demo'): string[] {
  const lines: string[] = [];
  for (const host of hosts) {
    const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    lines.push(`  node:      ${base}/?room=${room}`);
    lines.push(`  dashboard: ${base}/dashboard?room=${room}&token=${encodeURIComponent(token)}`);
  }
  return lines;
}
