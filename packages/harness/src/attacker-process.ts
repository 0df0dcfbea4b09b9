/**
 * The parent's handle on a wire attacker running in its own process (wire-attacker-process.ts): the same questions
 * as WireAttacker (peer id, open links, frames sent, eviction notice), answered from the state the process reports
 * every 100 ms, and the same commands (attack, close), sent over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AttackerCommand, AttackerReport } from './wire-attacker-process';
import type { WireAttackMode } from './wire-attacker';
import { repoRoot } from './server';

const SCRIPT = join(repoRoot, 'packages/harness/src/wire-attacker-process.ts');
const JOIN_TIMEOUT_MS = 30_000;
const KILL_AFTER_MS = 3_000;

export class AttackerProcess {
  #openLinks: readonly string[] = [];
  #framesSent = 0;
  #evicted: string | undefined;
  /** How the process ended, if it did before close(). */
  #exit: string | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly peerId: string,
  ) {
    child.on('message', (message: AttackerReport) => {
      if (message.type !== 'state') return;
      this.#openLinks = message.openLinks;
      this.#framesSent = message.framesSent;
      this.#evicted = message.evicted;
    });
    child.on('exit', (code, signal) => {
      this.#exit = signal === null ? `exit code ${code}` : `signal ${signal}`;
    });
  }

  /** Starts the process and joins `room` on the server at `url` through the real signaling protocol. */
  static async join(url: string, room: string): Promise<AttackerProcess> {
    const child = fork(SCRIPT, [url, room], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let timer: NodeJS.Timeout | undefined;
    const peerId = await new Promise<string>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the attacker process did not join within ${JOIN_TIMEOUT_MS / 1000} s`)), JOIN_TIMEOUT_MS);
      child.on('message', (message: AttackerReport) => {
        if (message.type === 'joined') resolve(message.peerId);
        if (message.type === 'error') reject(new Error(message.message));
      });
      child.once('exit', (code, signal) => reject(new Error(`the attacker process ended before joining (${signal ?? `exit code ${code}`})`)));
      child.once('error', reject);
    })
      .catch((error: unknown) => {
        child.kill('SIGKILL');
        throw error;
      })
      .finally(() => clearTimeout(timer)); // a pending join timer would hold the test process for 30 s
    return new AttackerProcess(child, peerId);
  }

  /** Data channels open now, by peer (as of the last report). */
  openLinks(): readonly string[] {
    return this.#openLinks;
  }

  get framesSent(): number {
    return this.#framesSent;
  }

  /** The server's eviction notice, once it came. */
  get evicted(): string | undefined {
    return this.#evicted;
  }

  /** How the process ended on its own (a crash), if it did. */
  get exited(): string | undefined {
    return this.#exit;
  }

  /** Starts sending hostile values (until then: a relay of models and running sums). */
  attack(mode: WireAttackMode): void {
    this.#send({ type: 'attack', mode });
  }

  close(): void {
    if (this.#exit !== undefined) return;
    this.#send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), KILL_AFTER_MS).unref();
    this.child.once('exit', () => clearTimeout(timer));
  }

  #send(command: AttackerCommand): void {
    if (this.child.connected) this.child.send(command);
  }
}
