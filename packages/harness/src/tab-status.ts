/**
 * Reading a tab's `window.canopy.status()` for the demo and the cluster benchmark. What comes out of a page is
 * validated (only the fields used here; the rest is dropped), and every failure is a value with a reason.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';
import type { NodeStatus } from './status';

const count = z.number().finite().min(0);
const TreeRoleSchema = z.object({ isRoot: z.boolean(), parents: z.array(z.string()).readonly(), children: z.array(z.string()).readonly() });

export const TabStatusSchema = z.object({
  peerId: z.string().nullable(),
  room: z.string(),
  connection: z.string(),
  epoch: z.number().int().nullable(),
  runId: z.number().int().nullable(),
  algorithm: z.string().nullable(),
  roles: z.object({ pull: TreeRoleSchema, push: TreeRoleSchema }).nullable(),
  step: count,
  loss: z.number().finite().nullable(),
  heldOutAccuracy: z.number().min(0).max(1).nullable(),
  heldOutLoss: z.number().finite().nullable(),
  backend: z.string().nullable(),
  stepMs: z.number().finite().nullable(),
  stragglerFactor: z.number().finite(),
  injectedDrops: count,
  malformedFrames: count,
  quarantined: z.array(z.string()).readonly(),
  bytesSent: count,
  bytesReceived: count,
  links: z.array(z.object({ peer: z.string(), state: z.string() })).readonly(),
  modelFinite: z.boolean(),
  paused: z.boolean(),
  waiting: z.string().nullable(),
  error: z.string().nullable(),
});

export type TabStatus = z.infer<typeof TabStatusSchema>;

/** Compile-time guard: the node page's real NodeStatus still carries every field read here. */
export const nodeStatusFitsTabStatus = (status: NodeStatus): TabStatus => status;

export type StatusRead =
  | { readonly kind: 'ok'; readonly status: TabStatus }
  /** The page has not defined window.canopy yet (still loading). */
  | { readonly kind: 'loading' }
  | { readonly kind: 'invalid'; readonly reason: 'schema'; readonly detail: string }
  /** evaluate() failed: the page crashed, navigated or was closed. */
  | { readonly kind: 'unreachable'; readonly reason: 'evaluate-failed'; readonly detail: string };

export function parseTabStatus(value: unknown): StatusRead {
  if (value === null || value === undefined) return { kind: 'loading' };
  const parsed = TabStatusSchema.safeParse(value);
  if (parsed.success) return { kind: 'ok', status: parsed.data };
  const first = parsed.error.issues[0];
  return { kind: 'invalid', reason: 'schema', detail: first ? `${first.path.join('.')}: ${first.message}` : 'invalid status' };
}

export async function readTabStatus(page: Page): Promise<StatusRead> {
  let value: unknown;
  try {
    value = await page.evaluate(() => {
      const canopy = (window as unknown as { canopy?: { status(): unknown } }).canopy;
      return canopy === undefined ? null : canopy.status();
    });
  } catch (error) {
    return { kind: 'unreachable', reason: 'evaluate-failed', detail: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) };
  }
  return parseTabStatus(value);
}

export const isRootTab = (status: TabStatus): boolean => status.roles?.pull.isRoot ?? false;

/** Distinct tree neighbours (either tree, either direction): the links this tab should have open. */
export function neighboursOf(status: TabStatus): Set<string> {
  const roles = status.roles;
  if (roles === null) return new Set();
  return new Set([...roles.pull.parents, ...roles.pull.children, ...roles.push.parents, ...roles.push.children]);
}

/** Every neighbour has an open link. */
export function linksReady(status: TabStatus): boolean {
  const open = new Set(status.links.filter((l) => l.state === 'open').map((l) => l.peer));
  return [...neighboursOf(status)].every((peer) => open.has(peer));
}
