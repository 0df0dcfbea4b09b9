/** The link half of a TrainingStatus, from the links themselves (wherever the training loop runs). */
import { linkStatus } from './runner-helpers';
import type { RunnerMesh } from './runner-mesh';
import type { LinkStatus, LoopStatus, TrainingStatus } from './status';

/**
 * `loop`'s status completed with its per-link rows and totals taken from `mesh`. `replacedBeforeLink`:
 * per neighbour, messages the runner worker's outbox replaced before they reached the link.
 */
export function withLinkTotals(
  loop: LoopStatus,
  mesh: Pick<RunnerMesh, 'links' | 'retired'>,
  replacedBeforeLink: ReadonlyMap<string, number> = new Map(),
): TrainingStatus {
  const links = mesh.links().map((link) => {
    const row = linkStatus(link.peer, link.channel.state, link.stats, link.channel.route);
    return { ...row, replacedBeforeLink: replacedBeforeLink.get(link.peer) ?? 0 };
  });
  // Totals include links already torn down (mesh.retired): counters never go backwards.
  const retired = linkStatus('', 'closed', mesh.retired);
  const sum = (pick: (link: LinkStatus) => number): number => links.reduce((total, link) => total + pick(link), pick(retired));
  return {
    ...loop,
    links,
    injectedDrops: sum((link) => link.injectedDrops),
    malformedFrames: sum((link) => link.malformedFrames),
    staleMessages: sum((link) => link.stale),
    bytesSent: sum((link) => link.bytesSent),
    bytesReceived: sum((link) => link.bytesReceived),
    messagesSent: sum((link) => link.messagesSent),
    messagesReceived: sum((link) => link.messagesReceived),
  };
}
