/**
 * The raw baseline of the link benchmark: a plain RTCPeerConnection with two pre-negotiated data channels,
 * `bulk` (reliable, ordered, like the project's links) and `ack` (completion notices for every variant).
 * Negotiated without trickle: the harness carries one offer and one answer.
 */

export class RawPair {
  readonly bulk: RTCDataChannel;
  readonly ack: RTCDataChannel;
  readonly #pc = new RTCPeerConnection({ iceServers: [] });

  constructor() {
    this.bulk = this.#pc.createDataChannel('bulk', { negotiated: true, id: 1 });
    this.ack = this.#pc.createDataChannel('ack', { negotiated: true, id: 2 });
    this.bulk.binaryType = 'arraybuffer';
    this.ack.binaryType = 'arraybuffer';
  }

  get open(): boolean {
    return this.bulk.readyState === 'open' && this.ack.readyState === 'open';
  }

  async offer(): Promise<RTCSessionDescriptionInit> {
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    return this.#gathered();
  }

  async answer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
    await this.#pc.setRemoteDescription(checkedDescription(offer, 'offer'));
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    return this.#gathered();
  }

  async accept(answer: RTCSessionDescriptionInit): Promise<void> {
    await this.#pc.setRemoteDescription(checkedDescription(answer, 'answer'));
  }

  close(): void {
    this.#pc.close();
  }

  /** The local description once ICE gathering is complete (every candidate inside, no trickle). */
  async #gathered(): Promise<RTCSessionDescriptionInit> {
    const pc = this.#pc;
    if (pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (pc.iceGatheringState !== 'complete') return;
          pc.removeEventListener('icegatheringstatechange', check);
          resolve();
        };
        pc.addEventListener('icegatheringstatechange', check);
      });
    }
    const local = pc.localDescription;
    if (local === null) throw new Error('raw pair: no local description after gathering');
    return local.toJSON() as RTCSessionDescriptionInit;
  }
}

/** What the harness passes back is checked before it reaches the peer connection. */
function checkedDescription(value: unknown, type: 'offer' | 'answer'): RTCSessionDescriptionInit {
  if (typeof value !== 'object' || value === null) throw new TypeError(`raw pair: ${type} is not an object`);
  const { type: actual, sdp } = value as { type?: unknown; sdp?: unknown };
  if (actual !== type || typeof sdp !== 'string' || sdp.length > 100_000) throw new TypeError(`raw pair: malformed ${type}`);
  return { type, sdp };
}
