/**
 * Several signaling instances serving one room (`--redis`): a tab is given the others in its link
 * (`?servers=http://host-b:8080,http://host-c:8080`) and, when its server stops answering, each reconnection
 * attempt goes to the next one; its resume secret then gets its place back there (the instances share the key).
 * Why a list in the link and not a front: nothing more to deploy for a classroom or a volunteer cluster, and a
 * front would itself be the one server that must not die.
 */

/** Most servers a link may name (a hostile link cannot make a tab cycle through thousands). */
export const MAX_SERVERS = 8;

/** The page's own server first, then those of `?servers=` that are http(s) origins, each once. */
export function signalingServers(page: URL): string[] {
  const servers = [page.origin];
  for (const raw of (page.searchParams.get('servers') ?? '').split(',')) {
    const origin = originOf(raw.trim());
    if (origin !== undefined && !servers.includes(origin) && servers.length < MAX_SERVERS) servers.push(origin);
  }
  return servers;
}

function originOf(raw: string): string | undefined {
  if (raw === '') return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The part of socket.io-client's Manager this needs: its reconnect events, and the URI it opens next. */
export interface ReconnectingManager {
  on(event: 'reconnect_attempt', listener: (attempt: number) => void): unknown;
}

/**
 * Points each reconnection attempt at the next server of the list. socket.io-client has no list of URIs; its
 * Manager opens `uri` on every attempt, so that is what changes (a private field in its typings).
 */
export function failOverAcross(manager: ReconnectingManager, servers: readonly string[], onSwitch: (server: string) => void = () => {}): void {
  if (servers.length < 2) return;
  let current = 0;
  manager.on('reconnect_attempt', () => {
    current = (current + 1) % servers.length;
    const next = servers[current]!;
    (manager as unknown as { uri: string }).uri = next;
    onSwitch(next);
  });
}
