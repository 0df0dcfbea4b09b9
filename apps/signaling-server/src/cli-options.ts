/** Command-line flags (with environment fallbacks) for main.ts, validated before anything starts. */
import { IceServersSchema, validate, type IceServer } from '@canopy/protocol';
import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';

export interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly iceServers: IceServer[];
  readonly adminToken: string | undefined;
  readonly maxRoomSize: number;
  readonly staticDir: string | undefined;
  readonly stateDir: string;
}

/** Where `pnpm start` keeps the server's key, room ledger and evicted rooms' metrics (gitignored). */
export const DEFAULT_STATE_DIR = resolve(import.meta.dirname, '..', '..', '..', '.canopy', 'state');

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
    .option('--static <dir>', 'built browser app to serve (default: apps/browser-node/dist when present)')
    .option('--state-dir <dir>', 'resume-secret key, room ledger (epochs, run ids) and evicted rooms\' metrics, kept across restarts ($CANOPY_STATE_DIR)', env['CANOPY_STATE_DIR'] ?? DEFAULT_STATE_DIR)
    .exitOverride()
    // `pnpm start -- --port 1` forwards the `--` itself; drop it so the flags after it still count as flags.
    .parse(argv.filter((arg, index) => !(index === 2 && arg === '--')));
  const opts = program.opts<{ port: number; host: string; iceServers?: IceServer[]; adminToken?: string; maxRoomSize: number; static?: string; stateDir: string }>();
  const envIce = env['CANOPY_ICE_SERVERS'];
  return {
    port: opts.port,
    host: opts.host,
    iceServers: opts.iceServers ?? (envIce === undefined ? [] : parseIceServers(envIce)),
    adminToken: opts.adminToken ?? env['CANOPY_ADMIN_TOKEN'],
    maxRoomSize: opts.maxRoomSize,
    staticDir: opts.static,
    stateDir: resolve(opts.stateDir),
  };
}
