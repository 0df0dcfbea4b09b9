/**
 * The TURN relay of the link benchmark's relayed variant: the server's own `--turn` (coturn) with a secret the
 * harness knows, so it can hand the pages the same kind of time-limited credential a join ack carries.
 */
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { IceServer } from '@canopy/protocol';
import { turnCredential } from '../../apps/signaling-server/src/turn/turn-credentials';
import { freePort } from '../../packages/harness/src/server';

export interface BenchRelay {
  /** Flags for launchServer. */
  readonly serverArgs: readonly string[];
  /** ICE servers for the pages (a credential for "bench", valid an hour). */
  iceServers(): IceServer[];
}

/**
 * The relay must be reached at a non-loopback address: coturn refuses to relay to loopback peers, and Chromium
 * gathers its candidates on the network interface (the namespace's veth).
 */
function relayHost(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  throw new Error('the relayed link variant needs a non-loopback IPv4 address (none found)');
}

export async function benchRelay(): Promise<BenchRelay> {
  const port = await freePort();
  const secret = randomBytes(24).toString('base64url');
  return {
    serverArgs: ['--turn', '--turn-port', String(port), '--turn-secret', secret],
    iceServers: () => [{ urls: [`turn:${relayHost()}:${port}?transport=udp`], ...turnCredential(secret, 'bench', Date.now(), 3600) }],
  };
}
