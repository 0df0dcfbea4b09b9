/** `pnpm start` / `tsx src/main.ts`: one process serving socket.io, the HTTP API and the built browser app. */
import { CommanderError } from 'commander';
import { parseCli } from './cli-options';
import { reachableHosts, startupLinks } from './links';
import { consoleLogger } from './logger';
import { createSignalingServer } from './server';
import { StartupError } from './startup-error';
import { startCoturn, type RunningCoturn } from './turn/coturn';

const SHUTDOWN_GRACE_MS = 5000;

async function main(): Promise<void> {
  let cli;
  try {
    cli = parseCli(process.argv, process.env);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }

  let relay: RunningCoturn | undefined;
  if (cli.turn?.start === true) {
    try {
      relay = await startCoturn({ port: cli.turn.port, secret: cli.turn.secret });
    } catch (error) {
      console.error(`--turn: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
  const turn = cli.turn === undefined ? null : { secret: cli.turn.secret, urls: cli.turn.urls, ttlSeconds: cli.turn.ttlSeconds };

  let server;
  try {
    server = await createSignalingServer({
      port: cli.port,
      host: cli.host,
      iceServers: cli.iceServers,
      turn,
      maxRoomSize: cli.maxRoomSize,
      maxRoomsPerAddress: cli.maxRoomsPerAddress,
      stateDir: cli.stateDir,
      checkpointBudgetBytes: cli.checkpointBudgetBytes,
      redis: cli.redis ?? null,
      ...(cli.adminToken === undefined ? {} : { adminToken: cli.adminToken }),
      ...(cli.staticDir === undefined ? {} : { staticDir: cli.staticDir }),
      logger: consoleLogger,
    });
  } catch (error) {
    await relay?.stop(); // not left running behind a server that never started
    throw error;
  }

  const generated = cli.adminToken === undefined;
  // A token the operator chose is not echoed into logs; a generated one has to be, or nobody could use it.
  const shownToken = generated ? server.adminToken : '<your admin token>';
  console.log(`Canopy signaling server listening on ${cli.host}:${server.port}`);
  if (cli.redis !== undefined) console.log(`Rooms in Redis at ${cli.redis}: every instance started with this URL serves the same rooms`);
  if (generated) console.log(`Admin token (generated): ${server.adminToken}`);
  if (cli.turn !== undefined) {
    const where = relay === undefined ? 'external relay' : `coturn started here on port ${relay.port} (UDP and TCP)`;
    console.log(`TURN relay: ${where}; tabs get ${cli.turn.urls.join(', ')} with credentials valid ${cli.turn.ttlSeconds} s`);
  }
  console.log(['Open:', ...startupLinks(reachableHosts(cli.host), server.port, shownToken)].join('\n'));

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      console.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: closing connections`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    Promise.all([server.close(), relay?.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('signaling server failed to start:', error instanceof StartupError ? error.message : error);
  process.exit(1);
});
