/**
 * The link part: a 4 MB vector over one real RTCDataChannel between two pages (two renderer processes), raw in
 * 256 KiB messages vs through the project's framing, chunking, LinkSender and Reassembler. The sender page
 * runs the rounds itself (no harness round trip inside a measurement).
 */
import { linkChannelKey, TRANSFER_VARIANTS, type TransferSample } from '../../apps/browser-node/bench/api';
import type { IceServer } from '@canopy/protocol';
import type { BenchTab } from './bench-tab';
import { pollUntil } from './poll';
import type { SignalRelay } from './relay';

export interface LinkPhaseOptions {
  /** Float32 values per vector (1,000,000 = 4 MB). */
  readonly elements: number;
  readonly warmupRounds: number;
  readonly rounds: number;
  /** ICE servers with the TURN relay for the relayed variant (relay-candidates only). */
  readonly relay: readonly IceServer[];
}

export const LINK_PHASE_DEFAULTS: Omit<LinkPhaseOptions, 'relay'> = { elements: 1_000_000, warmupRounds: 1, rounds: 7 };

export async function measureLinks(
  tabs: { readonly sender: BenchTab; readonly receiver: BenchTab },
  relay: SignalRelay,
  options: LinkPhaseOptions,
  log: (line: string) => void,
): Promise<TransferSample[]> {
  const { sender, receiver } = tabs;
  for (const variant of TRANSFER_VARIANTS) relay.route(linkChannelKey(variant), sender, receiver);
  await receiver.openLinkEnds('receiver', options.elements, options.relay);
  await sender.openLinkEnds('sender', options.elements, options.relay);
  const offer = await sender.rawOffer();
  await sender.rawAccept(await receiver.rawAnswer(offer));
  await pollUntil(async () => (await sender.linksReady()) && (await receiver.linksReady()), (ready) => ready, 'the link benchmark channels to open', 60_000);
  log(`links open; ${options.warmupRounds} warm-up + ${options.rounds} rounds of ${TRANSFER_VARIANTS.join(', ')}`);
  const samples = await sender.runTransfers({ elements: options.elements, warmupRounds: options.warmupRounds, rounds: options.rounds });
  for (const tab of [sender, receiver]) await tab.closeLinks();
  return samples;
}
