/**
 * The page's simple-peer channels, keyed by a name both ends agree on. Outgoing signals go to the harness
 * through the exposed binding; incoming ones are validated, and held until their channel exists (the other
 * end may offer before this page has created its side).
 */
import { SignalDataSchema, type IceServer, type SignalData } from '@canopy/protocol';
import { SimplePeerChannel } from '../src/net/simple-peer-channel';
import type { SignalBinding } from './api';

export class SignalHub {
  readonly #channels = new Map<string, SimplePeerChannel>();
  readonly #early = new Map<string, SignalData[]>();
  readonly problems: string[] = [];

  constructor(private readonly send: SignalBinding) {}

  /** A reliable, ordered channel like the node page's: host candidates only, or only relay candidates via `relay`. */
  open(key: string, initiator: boolean, relay: readonly IceServer[] | null = null): SimplePeerChannel {
    if (this.#channels.has(key)) throw new Error(`channel "${key}" already exists`);
    const channel = new SimplePeerChannel({ initiator, ...(relay === null ? { iceServers: [] } : { iceServers: relay, iceTransportPolicy: 'relay' as const }) });
    channel.outgoing.on('signal', (data) => {
      this.send(key, data).catch((error: unknown) => this.problems.push(`signal for ${key} not relayed: ${String(error)}`));
    });
    this.#channels.set(key, channel);
    for (const data of this.#early.get(key) ?? []) channel.signal(data);
    this.#early.delete(key);
    return channel;
  }

  deliver(key: string, data: unknown): void {
    const parsed = SignalDataSchema.safeParse(data);
    if (!parsed.success) {
      this.problems.push(`bad signal for ${key}: ${parsed.error.message.slice(0, 200)}`);
      return;
    }
    const channel = this.#channels.get(key);
    if (channel !== undefined) channel.signal(parsed.data);
    else this.#early.set(key, [...(this.#early.get(key) ?? []), parsed.data]);
  }

  close(key: string): void {
    this.#channels.get(key)?.close();
    this.#channels.delete(key);
  }
}
