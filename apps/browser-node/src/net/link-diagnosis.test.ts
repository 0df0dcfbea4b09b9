import { describe, expect, it } from 'vitest';
import { DIAGNOSE_AFTER_MS, explainStalledLink, type StalledLink } from './link-diagnosis';

const link = (extra: Partial<StalledLink> = {}): StalledLink => ({
  peer: 'p-2',
  tryingSinceMs: 0,
  lastFailure: null,
  diagnostics: { localCandidates: 3, remoteSignals: 4, iceState: 'checking' },
  ...extra,
});

describe('explainStalledLink', () => {
  it('says nothing while a link is young', () => {
    expect(explainStalledLink(link({ diagnostics: { localCandidates: 0, remoteSignals: 0, iceState: null } }), DIAGNOSE_AFTER_MS - 1)).toBeNull();
  });

  it('no ICE candidates: the browser sees no network (a loopback-only machine)', () => {
    const text = explainStalledLink(link({ diagnostics: { localCandidates: 0, remoteSignals: 2, iceState: 'new' } }), 9_000);
    expect(text).toMatch(/p-2 has not opened after 9 s: this browser found no network address/);
    expect(text).toMatch(/Connect this computer to a network/);
  });

  it('ICE failed on the last attempt: the browsers cannot reach each other, a TURN relay is needed', () => {
    const text = explainStalledLink(link({ lastFailure: 'connection failed: Ice connection failed.' }), 20_000);
    expect(text).toMatch(/ICE failed/);
    expect(text).toMatch(/start it with --turn/);
  });

  it('a relay configured but no relay candidate: the relay is unreachable or refused the credentials', () => {
    const diagnostics = { localCandidates: 2, remoteSignals: 4, iceState: 'checking', relayConfigured: true, relayCandidates: 0 };
    expect(explainStalledLink(link({ diagnostics }), 8_000)).toMatch(/TURN relay did not answer this browser .* \(relay unreachable\)/);
  });

  it('ICE failed although this tab has relay candidates: the other end is the problem', () => {
    const diagnostics = { localCandidates: 3, remoteSignals: 4, iceState: 'failed', relayConfigured: true, relayCandidates: 1 };
    expect(explainStalledLink(link({ diagnostics, lastFailure: 'connection failed: Ice connection failed.' }), 8_000)).toMatch(/ICE failed even through the TURN relay/);
  });

  it('nothing heard from the peer: it may be gone, or the signaling server is not relaying', () => {
    expect(explainStalledLink(link({ diagnostics: { localCandidates: 2, remoteSignals: 0, iceState: 'new' } }), 10_000)).toMatch(/no answer from it/);
  });

  it('candidates both ways, still checking, no relay: they cannot reach each other, start the server with --turn', () => {
    const text = explainStalledLink(link(), 8_000);
    expect(text).toMatch(/exchanged addresses but cannot reach each other/);
    expect(text).toMatch(/start it with --turn/);
  });

  it('otherwise: the ICE state and how the last attempt ended', () => {
    const relayed = { localCandidates: 3, remoteSignals: 4, iceState: 'checking', relayConfigured: true, relayCandidates: 1 };
    expect(explainStalledLink(link({ lastFailure: 'closed locally', diagnostics: relayed }), 12_000)).toBe(
      'Link to p-2 has not opened after 12 s (ICE checking) (last attempt: closed locally). Retrying.',
    );
    expect(explainStalledLink(link({ diagnostics: null }), 12_000)).toBe('Link to p-2 has not opened after 12 s (ICE starting). Retrying.');
  });
});
