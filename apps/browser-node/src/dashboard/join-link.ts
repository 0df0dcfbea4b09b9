/** Which address to put in the classroom's QR code. Pure, so the choice is tested without a browser. */

export interface JoinLinkInfo {
  readonly room: string;
  readonly code: string;
  /** `/j/CODE` on the server. */
  readonly path: string;
  /** http://ADDRESS:PORT for each LAN address the server listens on. */
  readonly lanOrigins: readonly string[];
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * The dashboard's own origin, unless that is loopback (the teacher opened it on the server machine): a student's
 * laptop cannot open localhost, so the server's first LAN address is used. null: no address another machine
 * could open (the server listens on loopback only).
 */
export function joinUrl(info: JoinLinkInfo, location: { readonly hostname: string; readonly origin: string }): string | null {
  if (!LOOPBACK.test(location.hostname)) return `${location.origin}${info.path}`;
  const lan = info.lanOrigins[0];
  return lan === undefined ? null : `${lan}${info.path}`;
}

/** Checked before use: the answer crosses the network like any other input. */
export function parseJoinLinkInfo(value: unknown): JoinLinkInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const { room, code, path, lanOrigins } = value as Record<string, unknown>;
  if (typeof room !== 'string' || typeof code !== 'string' || typeof path !== 'string' || !/^\/j\/[a-z0-9]{1,16}$/.test(path)) return null;
  if (!Array.isArray(lanOrigins) || !lanOrigins.every((o) => typeof o === 'string' && /^http:\/\/[^/\s]+$/.test(o))) return null;
  return { room, code, path, lanOrigins: lanOrigins as string[] };
}
