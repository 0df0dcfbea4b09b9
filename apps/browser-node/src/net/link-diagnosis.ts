/**
 * Why a link to a neighbour has not opened, in words a student or a teacher can act on (issue 17). The peer
 * connector keeps, per neighbour, how long the link has been trying and how its last attempt ended; the
 * channel says what ICE did. Nothing is said before DIAGNOSE_AFTER_MS: most links open in well under a second.
 */
import type { PeerId } from '@canopy/protocol';

export const DIAGNOSE_AFTER_MS = 6_000;

/** What a WebRTC channel saw of its own connection attempt (SimplePeerChannel). */
export interface ChannelDiagnostics {
  /** ICE candidates this browser gathered (0: it sees no network interface WebRTC may use). */
  readonly localCandidates: number;
  /** Signals (offer/answer/candidates) received from the peer for this attempt. */
  readonly remoteSignals: number;
  /** RTCPeerConnection.iceConnectionState, once known. */
  readonly iceState: string | null;
  /** The join ack gave this tab a TURN relay (absent: older callers, no relay). */
  readonly relayConfigured?: boolean;
  /** Relay candidates gathered: 0 with a relay configured means the relay did not answer or refused us. */
  readonly relayCandidates?: number;
}

export interface StalledLink {
  readonly peer: PeerId;
  /** Since when the link has been trying (ms, the session's clock). */
  readonly tryingSinceMs: number;
  /** How the last attempt ended, when one did (a channel close reason). */
  readonly lastFailure: string | null;
  readonly diagnostics: ChannelDiagnostics | null;
}

export function explainStalledLink(link: StalledLink, nowMs: number): string | null {
  const seconds = Math.round((nowMs - link.tryingSinceMs) / 1000);
  if (nowMs - link.tryingSinceMs < DIAGNOSE_AFTER_MS) return null;
  const d = link.diagnostics;
  const name = link.peer;
  if (d !== null && d.localCandidates === 0) {
    return (
      `Link to ${name} has not opened after ${seconds} s: this browser found no network address for WebRTC ` +
      '(no ICE candidates; it sees only loopback, as if offline). Connect this computer to a network; with every tab ' +
      "on one machine, open the page through the machine's network address rather than localhost."
    );
  }
  const iceFailed = link.lastFailure !== null && /ice connection failed/i.test(link.lastFailure);
  if (d?.relayConfigured === true && d.relayCandidates === 0 && (iceFailed || d.localCandidates > 0)) {
    return (
      `Link to ${name} has not opened after ${seconds} s: the TURN relay did not answer this browser or refused its ` +
      "credentials (relay unreachable). A firewall may block the relay's port (UDP and TCP, 3478 by default) between " +
      'this computer and the server, or this tab has been open longer than its relay credential lasts (reload it). Retrying.'
    );
  }
  if (iceFailed && d?.relayConfigured === true) {
    return (
      `Link to ${name} has not opened after ${seconds} s: ICE failed even through the TURN relay (the other tab may be ` +
      'unable to reach the relay: its page says why). Retrying.'
    );
  }
  if (iceFailed) {
    return (
      `Link to ${name} has not opened after ${seconds} s: ICE failed, the two browsers cannot reach each other ` +
      'directly (firewall, Wi-Fi client isolation, a symmetric NAT or a VPN), and the server hands out no relay: ' +
      'start it with --turn (a TURN relay beside it) or point it at one with --turn-url and --turn-secret. Retrying.'
    );
  }
  // Candidates exchanged both ways, but after this long no pair works: ICE will fail (its own verdict takes ~30 s).
  // Still 'new' means no pair could even be formed (e.g. the other side's mDNS host names do not resolve here).
  const unsettled = d?.iceState === 'new' || d?.iceState === 'checking' || d?.iceState === 'disconnected' || d?.iceState === null;
  if (d !== null && d.localCandidates > 0 && d.remoteSignals > 0 && d.relayConfigured !== true && unsettled) {
    return (
      `Link to ${name} has not opened after ${seconds} s: the two browsers exchanged addresses but cannot reach each ` +
      `other (ICE ${d.iceState ?? 'starting'}: a firewall, Wi-Fi client isolation, a symmetric NAT or a VPN between them), and the ` +
      'server hands out no relay: start it with --turn (a TURN relay beside it) or point it at one with --turn-url and --turn-secret. Retrying.'
    );
  }
  if (d !== null && d.remoteSignals === 0) {
    return (
      `Link to ${name} has not opened after ${seconds} s: no answer from it through the signaling server ` +
      '(its tab may have closed, stalled in the background, or lost the server). Retrying.'
    );
  }
  const state = d?.iceState === null || d === null ? 'starting' : d.iceState;
  const failure = link.lastFailure === null ? '' : ` (last attempt: ${link.lastFailure})`;
  return `Link to ${name} has not opened after ${seconds} s (ICE ${state})${failure}. Retrying.`;
}
