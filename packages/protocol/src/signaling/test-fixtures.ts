/** Valid payloads for every schema, used by the schema tests as the starting point of mutations. */
import type { PeerTopology, Topology } from '../topology';
import type { ControlRequest } from './control';
import type { JoinAck, JoinRequest, MemberInfo } from './join';
import type { MetricsReport, MetricsSample } from './metrics';
import { initialRoomState } from './settings';
import type { SignalDelivery, SignalRequest } from './signal';
import type { RoomTopologyUpdate, WatchSnapshot } from './watch';

export const validJoin: JoinRequest = {
  room: 'demo',
  displayName: 'Ada’s laptop',
  capabilities: { backend: 'wasm', stepMs: 12.5 },
  resume: { peerId: 'p-1a2b', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' },
};

export const validSignals: SignalRequest[] = [
  { to: 'p-2', data: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } },
  { to: 'p-2', data: { type: 'answer', sdp: 'v=0\r\n' } },
  { to: 'p-2', data: { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122 10.0.0.1 5000 typ host', sdpMLineIndex: 0, sdpMid: '0' } } },
  { to: 'p-2', data: { type: 'renegotiate', renegotiate: true } },
];

export const validMetrics: MetricsReport = {
  runId: 1,
  epoch: 3,
  step: 120,
  loss: 0.42,
  trainAccuracy: 0.88,
  heldOutAccuracy: null,
  stepMs: 13,
  backend: 'wasm',
  bytesSent: 1000,
  bytesReceived: 2000,
  messagesSent: 10,
  messagesReceived: 20,
  injectedDrops: 1,
  malformedFrames: 0,
  staleness: 1.5,
  delayScale: 0.5,
  links: [
    { peer: 'p-2', state: 'open', bytesSent: 1000, bytesReceived: 2000, messagesSent: 10, messagesReceived: 20, injectedDrops: 1, malformedFrames: 0 },
  ],
};

export const validControls: ControlRequest[] = [
  { room: 'demo', token: 'secret', action: { type: 'loss', p: 0.3, links: [{ from: 'p-1', to: 'p-2', p: 1 }], burst: { pGoodToBad: 0.1, pBadToGood: 0.5, lossGood: 0, lossBad: 0.9 } } },
  { room: 'demo', token: 'secret', action: { type: 'delay', meanMs: 50, jitterMs: 10 } },
  { room: 'demo', token: 'secret', action: { type: 'straggler', peer: 'p-1', factor: 3 } },
  { room: 'demo', token: 'secret', action: { type: 'pause' } },
  { room: 'demo', token: 'secret', action: { type: 'resume' } },
  { room: 'demo', token: 'secret', action: { type: 'reset' } },
  { room: 'demo', token: 'secret', action: { type: 'algorithm', name: 'dpsgd', learningRate: 0.1, batchSize: 64, params: { tau: 2 } } },
  { room: 'demo', token: 'secret', action: { type: 'topology', kind: 'ring', fanOut: 3 } },
  { room: 'demo', token: 'secret', action: { type: 'compression', name: 'q8', keyframeEvery: 16 } },
  { room: 'demo', token: 'secret', action: { type: 'compression', name: 'topk', keyframeEvery: 8, ratio: 0.05 } },
  { room: 'demo', token: 'secret', action: { type: 'partition', partition: { kind: 'dirichlet', alpha: 0.5 } } },
  { room: 'demo', token: 'secret', action: { type: 'dataset', dataset: 'fashion-mnist', model: 'cnn' } },
];

export const validPeerTopology: PeerTopology = {
  id: 'p-2',
  kind: 'two-trees',
  epoch: 3,
  root: 'p-1',
  size: 3,
  index: 2,
  stepScale: 1 / 3,
  pull: { selfWeight: 0.5, in: [{ peer: 'p-1', weight: 0.5 }], out: [] },
  push: { selfWeight: 0.5, out: [{ peer: 'p-1', weight: 0.5 }], in: [] },
};

export const validTopology: Topology = {
  kind: 'two-trees',
  epoch: 3,
  root: 'p-1',
  peers: ['p-1', 'p-2'],
  piU: 1,
  links: {
    'p-1': { pull: { selfWeight: 1, in: [], out: ['p-2'] }, push: { selfWeight: 1, out: [], in: ['p-2'] } },
    'p-2': {
      pull: { selfWeight: 0.5, in: [{ peer: 'p-1', weight: 0.5 }], out: [] },
      push: { selfWeight: 0.5, out: [{ peer: 'p-1', weight: 0.5 }], in: [] },
    },
  },
};

export const validMember: MemberInfo = { peerId: 'p-1', displayName: 'tab', capabilities: { backend: 'webgl', stepMs: null }, joinedAt: 1_700_000_000_000 };

export const validSample: MetricsSample = { ...validMetrics, room: 'demo', peerId: 'p-1', at: 1_700_000_000_000 };

export const validJoinAck: JoinAck = {
  ...initialRoomState(),
  peerId: 'p-2',
  resumeSecret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ',
  room: 'demo',
  iceServers: [{ urls: ['stun:stun.example.org:3478'] }, { urls: 'turn:turn.example.org', username: 'u', credential: 'c' }],
  topology: validPeerTopology,
};

export const validRoomTopology: RoomTopologyUpdate = { room: 'demo', topology: validTopology, members: [validMember] };

export const validSnapshot: WatchSnapshot = { ...validRoomTopology, state: initialRoomState(), metrics: [validSample] };

export const validDelivery: SignalDelivery = { from: 'p-1', data: { type: 'answer', sdp: 'v=0' } };
