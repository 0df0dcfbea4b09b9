import { describe, expect, it } from 'vitest';
import { routeFromStats } from './link-route';

const candidates = [
  { id: 'L-host', type: 'local-candidate', candidateType: 'host' },
  { id: 'L-relay', type: 'local-candidate', candidateType: 'relay' },
  { id: 'R-host', type: 'remote-candidate', candidateType: 'host' },
  { id: 'R-relay', type: 'remote-candidate', candidateType: 'relay' },
];
const pair = (id: string, local: string, remote: string, extra: object = {}) => ({ id, type: 'candidate-pair', localCandidateId: local, remoteCandidateId: remote, ...extra });

describe('routeFromStats', () => {
  it('follows the transport to its selected pair', () => {
    const stats = [...candidates, pair('P1', 'L-host', 'R-host'), pair('P2', 'L-relay', 'R-host'), { id: 'T', type: 'transport', selectedCandidatePairId: 'P2' }];
    expect(routeFromStats(stats)).toBe('relayed');
    expect(routeFromStats([...stats.slice(0, -1), { id: 'T', type: 'transport', selectedCandidatePairId: 'P1' }])).toBe('direct');
  });

  it('a relay at either end makes the link relayed', () => {
    const stats = [...candidates, pair('P', 'L-host', 'R-relay'), { id: 'T', type: 'transport', selectedCandidatePairId: 'P' }];
    expect(routeFromStats(stats)).toBe('relayed');
  });

  it('without a transport entry, uses the nominated succeeded pair', () => {
    expect(routeFromStats([...candidates, pair('P', 'L-relay', 'R-relay', { state: 'succeeded', nominated: true })])).toBe('relayed');
    expect(routeFromStats([...candidates, pair('P', 'L-relay', 'R-relay', { state: 'in-progress', nominated: true })])).toBeNull();
  });

  it('is unknown before a pair is selected', () => {
    expect(routeFromStats([...candidates, { id: 'T', type: 'transport' }])).toBeNull();
    expect(routeFromStats([])).toBeNull();
  });
});
