/** A valid node-page status as the page would return it (extra fields included), for the unit tests. */
const role = (isRoot: boolean, parents: string[], children: string[]) => ({ isRoot, parents, children });

export function validStatus(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    peerId: 'p1',
    displayName: 'tab-1',
    room: 'demo',
    connection: 'joined',
    epoch: 3,
    runId: 2,
    algorithm: 'rfast',
    roles: { pull: role(false, ['p0'], ['p2']), push: role(false, ['p0'], ['p3']) },
    step: 10,
    loss: 0.4,
    trainAccuracy: 0.8,
    heldOutAccuracy: 0.75,
    heldOutLoss: 0.9,
    backend: 'wasm',
    stepMs: 12,
    stragglerFactor: 1,
    injectedDrops: 0,
    malformedFrames: 0,
    quarantined: [],
    bytesSent: 100,
    bytesReceived: 200,
    links: [{ peer: 'p0', state: 'open', bytesSent: 1 }],
    modelFinite: true,
    paused: false,
    waiting: null,
    error: null,
    ...overrides,
  };
}
