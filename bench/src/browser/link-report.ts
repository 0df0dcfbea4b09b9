/** The link part's table: a 4 MB vector raw vs through the project's framing, chunking, LinkSender and Reassembler. */
import { TRANSFER_VARIANTS, type TransferVariant } from '../../../apps/browser-node/bench/api';
import { megabytesPerSecond, ratio, summarize } from '../../../apps/browser-node/bench/stats';
import type { LinkPart } from '../../pages/schemas';
import type { BenchResult, Cell } from '../../section';
import { ms, r3 } from './format';

export const LINK_GOAL = 0.5;
export const LINK_TARGET = 'framed / raw throughput (default 64 KiB chunks)';
export const RELAY_GOAL = 0.5;
export const RELAY_TARGET = 'relayed / direct throughput (framed, 64 KiB chunks, TURN relay)';

const LABELS: Record<TransferVariant, string> = {
  'raw-256k': 'raw RTCDataChannel, 256 KiB messages',
  'framed-64k': 'framed: Mesh → LinkSender → Reassembler, 64 KiB chunks (default)',
  'framed-256k': 'framed, 256 KiB chunks',
  'framed-64k-relayed': 'framed, 64 KiB chunks, through the TURN relay (coturn)',
};

export function linkResult(part: LinkPart): BenchResult {
  const bytes = part.elements * Float32Array.BYTES_PER_ELEMENT;
  const times = (variant: TransferVariant): number[] => part.transfers.filter((t) => t.variant === variant).map((t) => t.ms);
  const medianRate = (variant: TransferVariant): number => megabytesPerSecond(bytes, summarize(times(variant)).median);
  const rows: Cell[][] = TRANSFER_VARIANTS.map((variant) => {
    const s = summarize(times(variant));
    return [LABELS[variant], ms(s.median), r3(megabytesPerSecond(bytes, s.median)), r3(megabytesPerSecond(bytes, s.min)), r3(megabytesPerSecond(bytes, s.max)), s.count];
  });
  const framed = ratio(medianRate('framed-64k'), medianRate('raw-256k'));
  const framedLarge = ratio(medianRate('framed-256k'), medianRate('raw-256k'));
  const relayed = ratio(medianRate('framed-64k-relayed'), medianRate('framed-64k'));
  rows.push(
    ['throughput ratio framed (64 KiB) / raw', '', r3(framed), '', '', ''],
    ['throughput ratio framed (256 KiB) / raw', '', r3(framedLarge), '', '', ''],
    ['throughput ratio relayed / direct (framed, 64 KiB)', '', r3(relayed), '', '', ''],
  );
  return {
    title: `Browser: a ${(bytes / 1e6).toFixed(0)} MB vector (${part.elements.toLocaleString('en')} float32) over one reliable ordered RTCDataChannel`,
    columns: ['path', 'median ms', 'MB/s (median)', 'MB/s (best)', 'MB/s (worst)', 'rounds'],
    rows,
    targets: [
      { name: LINK_TARGET, measured: framed, goal: `≥ ${LINK_GOAL}`, met: framed >= LINK_GOAL },
      { name: RELAY_TARGET, measured: relayed, goal: `≥ ${RELAY_GOAL}`, met: relayed >= RELAY_GOAL },
    ],
    notes: [
      "Two pages (two renderer processes) of the same Chromium, one RTCPeerConnection per variant. Each transfer is timed by the sender from its first send to the receiver's acknowledgement (a few bytes on a separate data channel) once the whole vector is in one buffer: raw gathers the 256 KiB messages; framed completes in the Reassembler, which also checks every value is finite. Variants alternate in rotating order round after round, after a warm-up round.",
      'The relayed variant is the same framed path on a connection allowed only TURN relay candidates (the benchmark checks its route is relayed and the others direct), through the coturn the server starts with --turn, on the same machine: it shows what the relay itself costs, not a distant relay\'s latency.',
      ...(relayed >= RELAY_GOAL ? [] : ['Target missed: the relayed link carries less than half the direct throughput.']),
      ...(framed >= LINK_GOAL
        ? []
        : ["Target missed: the framed path adds an encoding copy on the sender, the Reassembler's copy and finiteness check on the receiver, and simple-peer's stream layer; compare the 256 KiB row for the share due to smaller chunks."]),
    ],
  };
}
