/** Starts Debian's real coturn (.ci/run installs it): the relay answers, stops, and fails clearly. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CoturnUnavailableError, startCoturn, type RunningCoturn } from './coturn';
import { stunAnswers } from './stun-probe';
import { freeUdpPort } from '../testing/udp-port';

const running: RunningCoturn[] = [];
afterEach(async () => {
  for (const relay of running.splice(0)) await relay.stop();
});

/** Every process's command line (Linux /proc), as any user of the machine can read them. */
function execProcesses(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\u0000', ' '));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe('startCoturn', () => {
  it('answers STUN once started and stops answering when stopped', async () => {
    const port = await freeUdpPort();
    const relay = await startCoturn({ port, secret: 'test-secret' });
    running.push(relay);
    expect(await stunAnswers('127.0.0.1', port, 2_000)).toBe(true);
    await relay.stop();
    expect(await stunAnswers('127.0.0.1', port, 500)).toBe(false);
  }, 20_000);

  it('keeps the secret off the command line (other users can read it there)', async () => {
    const port = await freeUdpPort();
    running.push(await startCoturn({ port, secret: 'do-not-show-this' }));
    const listings = execProcesses().filter((cmdline) => cmdline.includes('turnserver') && cmdline.includes(String(port)));
    expect(listings.length).toBeGreaterThan(0);
    for (const cmdline of listings) expect(cmdline).not.toContain('do-not-show-this');
  }, 20_000);

  it('stops with the process that started it, even one killed without cleaning up', async () => {
    const port = await freeUdpPort();
    const script = `import { startCoturn } from './coturn.ts'; await startCoturn({ port: ${port}, secret: 's' }); console.log('up'); setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => owner.stdout.on('data', (d: Buffer) => d.toString().includes('up') && resolve()));
    expect(await stunAnswers('127.0.0.1', port, 2_000)).toBe(true);
    owner.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await stunAnswers('127.0.0.1', port, 500)).toBe(false);
  }, 20_000);

  it('says how to install coturn when the binary is missing', async () => {
    const attempt = startCoturn({ port: await freeUdpPort(), secret: 's', binary: 'turnserver-that-does-not-exist' });
    await expect(attempt).rejects.toBeInstanceOf(CoturnUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install -y coturn/);
  });

  it('fails with coturn\'s own output when its port is taken', async () => {
    const port = await freeUdpPort();
    const squatter = createSocket('udp4'); // binds the port, answers nothing
    await new Promise<void>((resolve) => squatter.bind(port, '127.0.0.1', () => resolve()));
    try {
      const attempt = startCoturn({ port, secret: 's', listeningIps: ['127.0.0.1'], readyTimeoutMs: 2_000 });
      await expect(attempt).rejects.toBeInstanceOf(CoturnUnavailableError);
      await expect(attempt).rejects.toThrow(/127\.0\.0\.1:\d+|exited/);
    } finally {
      squatter.close();
    }
  }, 20_000);
});
