/** Command-line flags (with environment fallbacks) for main.ts, validated before anything starts. */
import { IceServersSchema, validate, type IceServer } from '@canopy/protocol';
import { Command, InvalidArgumentError } from 'commander';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { DEFAULT_TURN_TTL_SECONDS, HOST_PLACEHOLDER } from './turn/relay-ice-servers';

/** A TURN relay: coturn started by this process (`--turn`) or one run elsewhere (`--turn-url` + `--turn-secret`). */
export interface TurnCli {
  /** Start coturn here on `port`. */
  readonly start: boolean;
  readonly port: number;
  readonly secret: string;
  /** Handed to tabs; `{host}` is the host name a tab used to reach this server. */
  readonly urls: readonly string[];
  readonly ttlSeconds: number;
}

export const DEFAULT_TURN_PORT = 3478;

export interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly iceServers: IceServer[];
  readonly adminToken: string | undefined;
  readonly maxRoomSize: number;
  /** Rooms one client address may have created (a school behind one NAT address counts as one client). */
  readonly maxRoomsPerAddress: number;
  readonly staticDir: string | undefined;
  readonly stateDir: string;
  /** Most bytes of model checkpoints kept on disk, all rooms together. */
  readonly checkpointBudgetBytes: number;
  readonly turn: TurnCli | undefined;
  /** Rooms in Redis, shared with other instances (undefined: in this process). */
  readonly redis: string | undefined;
}

/** Where `pnpm start` keeps the server's key, room ledger and evicted rooms' metrics (gitignored). */
export const DEFAULT_STATE_DIR = resolve(import.meta.dirname, '..', '..', '..', '.canopy', 'state');

function redisUrl(raw: string): string {
  const problem = 'expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidArgumentError(problem);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new InvalidArgumentError(problem);
  return raw;
}

function positiveInt(max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > max) throw new InvalidArgumentError(`expected an integer in 0..${max}`);
    return value;
  };
}

export function parseIceServers(raw: string): IceServer[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InvalidArgumentError('not valid JSON (expected e.g. [{"urls":"stun:stun.example.org:3478"}])');
  }
  const parsed = validate(IceServersSchema, json);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error.message);
  return parsed.value;
}

function turnUrl(raw: string, previous: string[] = []): string[] {
  if (!/^turns?:/.test(raw)) throw new InvalidArgumentError('expected a turn: or turns: URL, e.g. turn:relay.example.org:3478');
  return [...previous, raw];
}

/** What the --turn* flags ask for, or why they do not fit together. */
export function turnOptions(flags: { turn?: boolean; turnPort: number; turnUrl?: string[]; turnSecret?: string; turnTtl: number }): TurnCli | undefined {
  const start = flags.turn === true;
  if (!start && flags.turnUrl === undefined) {
    if (flags.turnSecret !== undefined) throw new InvalidArgumentError('--turn-secret needs --turn (start coturn here) or --turn-url (a relay elsewhere)');
    return undefined;
  }
  if (!start && flags.turnSecret === undefined) {
    throw new InvalidArgumentError('--turn-url needs --turn-secret: the static-auth-secret of that relay (coturn use-auth-secret)');
  }
  const local = [`turn:${HOST_PLACEHOLDER}:${flags.turnPort}?transport=udp`, `turn:${HOST_PLACEHOLDER}:${flags.turnPort}?transport=tcp`];
  return {
    start,
    port: flags.turnPort,
    // A relay started here gets a fresh secret each run unless told one: credentials die with the process.
    secret: flags.turnSecret ?? randomBytes(24).toString('base64url'),
    urls: flags.turnUrl ?? local,
    ttlSeconds: flags.turnTtl,
  };
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const port = positiveInt(65_535);
  const program = new Command()
    .name('canopy-signaling')
    .description('Canopy signaling server: rooms, two-tree topology, WebRTC signal relay, fault control, metrics')
    .option('--port <port>', 'TCP port ($PORT)', port, env['PORT'] === undefined ? 8080 : port(env['PORT']))
    .option('--host <host>', 'interface to listen on ($HOST)', env['HOST'] ?? '0.0.0.0')
    .option('--ice-servers <json>', 'RTCIceServer list as JSON, STUN/TURN with credentials ($CANOPY_ICE_SERVERS)', parseIceServers)
    .option('--admin-token <token>', 'token for control actions; generated and printed when absent ($CANOPY_ADMIN_TOKEN)')
    .option('--max-room-size <n>', 'most peers in one room', positiveInt(4096), 64)
    .option('--max-rooms-per-address <n>', 'most rooms that clients from one address may have created (raise it behind a shared NAT)', positiveInt(1_000_000), 16)
    .option('--static <dir>', 'built browser app to serve (default: apps/browser-node/dist when present)')
    .option('--state-dir <dir>', 'resume-secret key, room ledger (epochs, run ids) and evicted rooms\' metrics, kept across restarts ($CANOPY_STATE_DIR)', env['CANOPY_STATE_DIR'] ?? DEFAULT_STATE_DIR)
    .option('--checkpoint-budget <MB>', 'most megabytes of model checkpoints kept in the state directory, all rooms together (oldest removed first)', positiveInt(1024 * 1024), 256)
    .option('--turn', 'start a TURN relay (Debian\'s coturn) beside the server, for tabs that cannot reach each other directly')
    .option('--turn-port <port>', 'UDP/TCP port of the relay started by --turn', port, DEFAULT_TURN_PORT)
    .option('--turn-url <url>', 'relay URL handed to tabs (repeatable; {host} = the host a tab used to reach this server); alone: a relay run elsewhere', turnUrl)
    .option('--turn-secret <secret>', 'the relay\'s shared secret for time-limited credentials ($CANOPY_TURN_SECRET)', env['CANOPY_TURN_SECRET'])
    .option('--turn-ttl <seconds>', 'how long a relay credential works', positiveInt(7 * 24 * 3600), DEFAULT_TURN_TTL_SECONDS)
    .option('--redis <url>', 'keep rooms in Redis and share them with every instance started with the same URL ($CANOPY_REDIS_URL)', redisUrl, env['CANOPY_REDIS_URL'] === undefined ? undefined : redisUrl(env['CANOPY_REDIS_URL']))
    .exitOverride()
    // `pnpm start -- --port 1` forwards the `--` itself; drop it so the flags after it still count as flags.
    .parse(argv.filter((arg, index) => !(index === 2 && arg === '--')));
  const opts = program.opts<{
    port: number; host: string; iceServers?: IceServer[]; adminToken?: string; maxRoomSize: number; maxRoomsPerAddress: number; static?: string; stateDir: string; checkpointBudget: number;
    turn?: boolean; turnPort: number; turnUrl?: string[]; turnSecret?: string; turnTtl: number; redis?: string;
  }>();
  const envIce = env['CANOPY_ICE_SERVERS'];
  return {
    port: opts.port,
    host: opts.host,
    iceServers: opts.iceServers ?? (envIce === undefined ? [] : parseIceServers(envIce)),
    adminToken: opts.adminToken ?? env['CANOPY_ADMIN_TOKEN'],
    maxRoomSize: opts.maxRoomSize,
    maxRoomsPerAddress: opts.maxRoomsPerAddress,
    staticDir: opts.static,
    stateDir: resolve(opts.stateDir),
    checkpointBudgetBytes: opts.checkpointBudget * 1024 * 1024,
    turn: turnOptions(opts),
    redis: opts.redis,
  };
}
