/**
 * Entry of the benchmark page (/bench/): exposes `window.canopyBench` (api.ts) for the Playwright harness in
 * bench/pages. Each page plays one part: the measured node (plus the bare baseline), a neighbour, or
 * one end of the link benchmark.
 */
import { MNIST_ASSET } from '../src/training/data/load';
import type { BenchPageApi, BenchWindow, SignalBinding } from './api';
import { SIGNAL_BINDING } from './api';
import { BareClient } from './bare-client';
import { BenchNode } from './bench-node';
import { LinkBench } from './link-bench';
import { SignalHub } from './signal-hub';

const relay: SignalBinding = (key, data) => {
  const binding = (window as unknown as Record<string, unknown>)[SIGNAL_BINDING];
  if (typeof binding !== 'function') return Promise.reject(new Error(`${SIGNAL_BINDING} is not exposed by the harness`));
  return (binding as SignalBinding)(key, data);
};

const hub = new SignalHub(relay);
let bare: BareClient | undefined;
const nodes = new Map<string, BenchNode>();
let links: LinkBench | undefined;

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} has not been started on this page`);
  return value;
}

const api: BenchPageApi = {
  runBare(request) {
    bare ??= new BareClient(new URL(MNIST_ASSET, `${location.origin}/`).href);
    return bare.run(request);
  },
  signal: (key, data) => hub.deliver(key, data),
  startNode(spec) {
    const id = spec.topology.id;
    if (nodes.has(id)) throw new Error(`node ${id} is already running on this page`);
    nodes.set(id, new BenchNode(spec, hub));
  },
  probeNode: (id) => nodes.get(id)?.probe() ?? { started: false, prepared: false, dimension: null, backend: null, links: 0, openLinks: 0, steps: 0, error: null },
  setPaused: (id, paused) => required(nodes.get(id), `node ${id}`).setPaused(paused),
  takeSteps: (id) => required(nodes.get(id), `node ${id}`).takeSteps(),
  stopNode(id) {
    nodes.get(id)?.stop();
    nodes.delete(id);
  },
  openLinkEnds(role, elements, relay) {
    if (links !== undefined) throw new Error('link ends are already open on this page');
    links = new LinkBench(role, elements, hub, relay);
  },
  rawOffer: () => required(links, 'the link benchmark').raw.offer(),
  rawAnswer: (offer) => required(links, 'the link benchmark').raw.answer(offer),
  rawAccept: (answer) => required(links, 'the link benchmark').raw.accept(answer),
  linksReady: () => links?.ready ?? false,
  runTransfers: (request) => required(links, 'the link benchmark').run(request),
  closeLinks() {
    links?.close();
  },
  problems: () => [...hub.problems, ...(links?.problems ?? [])],
};

(window as unknown as BenchWindow).canopyBench = Object.freeze(api);
