/**
 * The wire attacker (wire-attacker.ts) as a process of its own: `node --import tsx wire-attacker-process.ts URL ROOM`,
 * driven over IPC by AttackerProcess (attacker-process.ts). Why a process: @roamhq/wrtc, the native WebRTC under
 * simple-peer in Node, now and then segfaults while connections close (seen in 2 of ~45 loaded runs of
 * byzantine.spec.ts), and in the test's own process that killed the Playwright worker and failed the scenario.
 */
import { WireAttacker, type WireAttackMode } from './wire-attacker';

/** What the parent sends. */
export type AttackerCommand = { readonly type: 'attack'; readonly mode: WireAttackMode } | { readonly type: 'close' };

/** What this process reports. */
export type AttackerReport =
  | { readonly type: 'joined'; readonly peerId: string }
  | { readonly type: 'state'; readonly openLinks: readonly string[]; readonly framesSent: number; readonly evicted: string | undefined }
  | { readonly type: 'error'; readonly message: string };

const REPORT_EVERY_MS = 100;

function report(message: AttackerReport): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [url, room] = process.argv.slice(2);
  if (url === undefined || room === undefined || process.send === undefined) {
    console.error('usage: node --import tsx wire-attacker-process.ts URL ROOM (forked with an IPC channel)');
    process.exit(2);
  }
  let attacker: WireAttacker;
  try {
    attacker = await WireAttacker.join(url, room);
  } catch (error) {
    report({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  report({ type: 'joined', peerId: attacker.peerId });
  const state = (): void => report({ type: 'state', openLinks: attacker.openLinks(), framesSent: attacker.framesSent, evicted: attacker.evicted });
  const timer = setInterval(state, REPORT_EVERY_MS);
  const close = (): void => {
    clearInterval(timer);
    attacker.close();
    setTimeout(() => process.exit(0), 200);
  };
  process.on('message', (command: AttackerCommand) => {
    if (command.type === 'attack') attacker.attack(command.mode);
    else close();
  });
  process.on('disconnect', close); // the parent went away
}

void main();
