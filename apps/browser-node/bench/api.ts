/**
 * The benchmark page's API (`window.canopyBench`), driven by the Playwright harness in bench/pages.
 * Types, constants and channel-key helpers only, so the Node harness can import it without browser code.
 */
import type { IceServer, PeerTopology } from '@canopy/protocol';

/** Name of the function the harness exposes in every page: outgoing WebRTC signals, relayed to the other end. */
export const SIGNAL_BINDING = '__canopyBenchSignal';
export type SignalBinding = (key: string, data: unknown) => Promise<void>;

/** The key of the runner link between peers a and b (the same from both ends). */
export function runnerChannelKey(a: string, b: string): string {
  return a < b ? `runner:${a}|${b}` : `runner:${b}|${a}`;
}

/** The key of the link benchmark's framed channel for one variant. */
export function linkChannelKey(variant: TransferVariant): string {
  return `link:${variant}`;
}

export interface BareRunRequest {
  readonly backend: string;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly warmupSteps: number;
  readonly steps: number;
}

export interface BareRunResult {
  /** tf.getBackend() read back inside the worker. */
  readonly backend: string;
  /** Duration of each measured step (gradient on a fresh minibatch + SGD update), warm-up excluded. */
  readonly stepMs: readonly number[];
  /** tf.memory().numTensors before and after the measured steps (a leak would make the bare step unfair). */
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
}

export type NodeRole =
  /** The node whose steps are measured: the real MLP in the real compute worker. */
  | { readonly kind: 'measured'; readonly backend: string }
  /** A neighbour: the real Runner, Mesh and links, but a cheap gradient paced like a real step (see paced-setup.ts). */
  | { readonly kind: 'neighbour'; readonly dimension: number; readonly paceMs: number };

export interface NodeSpec {
  readonly topology: PeerTopology;
  readonly role: NodeRole;
}

export interface NodeProbe {
  readonly started: boolean;
  /** The run is prepared (worker ready, x⁰ known). */
  readonly prepared: boolean;
  readonly dimension: number | null;
  readonly backend: string | null;
  readonly links: number;
  readonly openLinks: number;
  readonly steps: number;
  readonly error: string | null;
}

export interface NodeCounters {
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly messagesSent: number;
  readonly messagesReceived: number;
  readonly superseded: number;
  readonly malformedFrames: number;
  readonly staleMessages: number;
}

export interface StepLog {
  /** performance.now() at the start of each gradient request: consecutive differences are whole loop steps. */
  readonly starts: readonly number[];
  /** Duration of each gradient computation (tfjs, in the same worker as the loop). */
  readonly computeMs: readonly number[];
  readonly counters: NodeCounters;
}

/** framed-64k-relayed: the default path over a connection allowed only TURN relay candidates. */
export type TransferVariant = 'raw-256k' | 'framed-64k' | 'framed-256k' | 'framed-64k-relayed';
export const TRANSFER_VARIANTS: readonly TransferVariant[] = ['raw-256k', 'framed-64k', 'framed-256k', 'framed-64k-relayed'];

export interface TransferRequest {
  /** Float32 values in the vector (1M = 4 MB). */
  readonly elements: number;
  readonly warmupRounds: number;
  readonly rounds: number;
}

export interface TransferSample {
  readonly variant: TransferVariant;
  readonly round: number;
  /** From the first send to the receiver's acknowledgement of the whole vector. */
  readonly ms: number;
  readonly bytes: number;
}

export interface BenchPageApi {
  runBare(request: BareRunRequest): Promise<BareRunResult>;
  /** A signal from the other end of channel `key` (validated before use). */
  signal(key: string, data: unknown): void;
  /** Starts a node (paused) named by its topology's id; a page may host several (each with its own worker). */
  startNode(spec: NodeSpec): void;
  probeNode(id: string): NodeProbe;
  setPaused(id: string, paused: boolean): void;
  /** Returns node `id`'s step log since the last call and starts a new one. */
  takeSteps(id: string): StepLog;
  stopNode(id: string): void;
  /** Link benchmark: the framed channels (simple-peer, signalled through the harness); `relay` for the relayed one. */
  openLinkEnds(role: 'sender' | 'receiver', elements: number, relay: IceServer[]): void;
  /** Link benchmark: the raw RTCPeerConnection, negotiated through the harness without trickle. */
  rawOffer(): Promise<RTCSessionDescriptionInit>;
  rawAnswer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
  rawAccept(answer: RTCSessionDescriptionInit): Promise<void>;
  linksReady(): boolean;
  /** Sender only: alternates the variants round after round and times each transfer. */
  runTransfers(request: TransferRequest): Promise<TransferSample[]>;
  /** Closes the link benchmark's connections. */
  closeLinks(): void;
  /** Counted problems (bad signals, unexpected acknowledgements, malformed frames), for the report. */
  problems(): string[];
}

export interface BenchWindow {
  canopyBench?: BenchPageApi;
}
