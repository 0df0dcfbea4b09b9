/**
 * A typed handle on one benchmark page: each call runs `window.canopyBench.<method>(...)` in the page (arguments
 * as JSON) and validates what comes back.
 */
import type { Page } from 'playwright-core';
import type { z } from 'zod';
import type { IceServer } from '@canopy/protocol';
import type { BareRunRequest, NodeSpec, TransferRequest } from '../../apps/browser-node/bench/api';
import { BareRunResultSchema, NodeProbeSchema, parseWith, StepLogSchema, TransferSampleSchema } from './schemas';

/** The page-side expression for one API call, as plain JavaScript (nothing transpiled is shipped to the page). */
function call(method: string, ...args: unknown[]): string {
  const list = args.map((arg) => JSON.stringify(arg)).join(', ');
  return `(() => { const bench = window.canopyBench; if (bench === undefined) throw new Error('window.canopyBench is missing'); return bench.${method}(${list}); })()`;
}

export class BenchTab {
  constructor(
    readonly name: string,
    readonly page: Page,
  ) {}

  async ready(timeoutMs = 30_000): Promise<void> {
    await this.page.waitForFunction('window.canopyBench !== undefined', undefined, { timeout: timeoutMs });
  }

  async runBare(request: BareRunRequest) {
    return this.#checked(BareRunResultSchema, await this.page.evaluate(call('runBare', request)));
  }

  async startNode(spec: NodeSpec): Promise<void> {
    await this.page.evaluate(call('startNode', spec));
  }

  async probeNode(id: string) {
    return this.#checked(NodeProbeSchema, await this.page.evaluate(call('probeNode', id)));
  }

  async setPaused(id: string, paused: boolean): Promise<void> {
    await this.page.evaluate(call('setPaused', id, paused));
  }

  async takeSteps(id: string) {
    return this.#checked(StepLogSchema, await this.page.evaluate(call('takeSteps', id)));
  }

  async stopNode(id: string): Promise<void> {
    await this.page.evaluate(call('stopNode', id));
  }

  async openLinkEnds(role: 'sender' | 'receiver', elements: number, relay: readonly IceServer[]): Promise<void> {
    await this.page.evaluate(call('openLinkEnds', role, elements, relay));
  }

  async rawOffer(): Promise<unknown> {
    return this.page.evaluate(call('rawOffer'));
  }

  async rawAnswer(offer: unknown): Promise<unknown> {
    return this.page.evaluate(call('rawAnswer', offer));
  }

  async rawAccept(answer: unknown): Promise<void> {
    await this.page.evaluate(call('rawAccept', answer));
  }

  async linksReady(): Promise<boolean> {
    return (await this.page.evaluate(call('linksReady'))) === true;
  }

  async runTransfers(request: TransferRequest) {
    const value = await this.page.evaluate(call('runTransfers', request));
    return this.#checked(TransferSampleSchema.array(), value);
  }

  async closeLinks(): Promise<void> {
    await this.page.evaluate(call('closeLinks'));
  }

  async problems(): Promise<string[]> {
    const value: unknown = await this.page.evaluate(call('problems'));
    return Array.isArray(value) ? value.map((p) => `${this.name}: ${String(p)}`) : [`${this.name}: problems() returned no list`];
  }

  /** Delivers a relayed signal to this page's channel `key`. */
  async signal(key: string, data: unknown): Promise<void> {
    await this.page.evaluate(call('signal', key, data));
  }

  #checked<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const parsed = parseWith(schema, value);
    if (!parsed.ok) throw new Error(`${this.name}: unexpected reply from the benchmark page (${parsed.detail})`);
    return parsed.value;
  }
}
