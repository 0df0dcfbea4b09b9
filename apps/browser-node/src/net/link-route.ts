/**
 * Direct or relayed, from an RTCPeerConnection's getStats(): the selected candidate pair (the transport's
 * selectedCandidatePairId, or a nominated succeeded pair where no transport says) is relayed when either of its
 * candidates is a TURN relay candidate. Pure: takes the report's values, so tests need no WebRTC.
 */
import type { LinkRoute } from './channel';

interface StatsEntry {
  readonly id: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

export function routeFromStats(entries: Iterable<StatsEntry>): LinkRoute | null {
  const byId = new Map<string, StatsEntry>();
  for (const entry of entries) byId.set(entry.id, entry);
  const pair = selectedPair(byId);
  if (pair === undefined) return null;
  const local = byId.get(String(pair['localCandidateId']));
  const remote = byId.get(String(pair['remoteCandidateId']));
  if (local === undefined && remote === undefined) return null;
  return local?.['candidateType'] === 'relay' || remote?.['candidateType'] === 'relay' ? 'relayed' : 'direct';
}

function selectedPair(byId: ReadonlyMap<string, StatsEntry>): StatsEntry | undefined {
  for (const entry of byId.values()) {
    if (entry.type !== 'transport' || typeof entry['selectedCandidatePairId'] !== 'string') continue;
    const pair = byId.get(entry['selectedCandidatePairId']);
    if (pair !== undefined) return pair;
  }
  for (const entry of byId.values()) {
    if (entry.type === 'candidate-pair' && entry['state'] === 'succeeded' && (entry['nominated'] === true || entry['selected'] === true)) return entry;
  }
  return undefined;
}
