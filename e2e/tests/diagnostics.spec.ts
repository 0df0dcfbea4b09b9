/**
 * Issue 17: on a machine whose only interface is loopback, WebRTC gathers no ICE candidates and a link can
 * never open. The node page must say so, and what to do, within 10 s. Server and tabs run in a fresh network
 * namespace with only `lo` (loopback-probe.ts), which needs root and unshare (as the whole e2e run does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../packages/harness/src/server';
import { expect, test } from '../fixtures/test';
import { currentFacts } from '../../packages/harness/src/netns';
import type { LoopbackProbeResult } from '../../packages/harness/src/loopback-probe';

const facts = currentFacts();

test('on a loopback-only machine a tab says within 10 s that it found no network address for WebRTC', async () => {
  test.skip(facts.platform !== 'linux' || facts.uid !== 0 || !facts.hasUnshare || !facts.hasIp, 'needs Linux, root, unshare and ip for a loopback-only namespace');
  const out = join(mkdtempSync(join(tmpdir(), 'canopy-loopback-')), 'result.json');
  const script = ['ip link set lo up', `exec "${process.execPath}" --import tsx packages/harness/src/loopback-probe.ts "${out}"`].join('\n');
  const child = spawn('unshare', ['-n', 'bash', '-c', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, output.join('')).toBe(0);
  const result = JSON.parse(readFileSync(out, 'utf8')) as LoopbackProbeResult;
  expect(result.explained, `problems shown: ${JSON.stringify(result.problems)}`).toBe(true);
  expect(result.afterMs).toBeLessThan(10_000);
  expect(result.problems.join(' ')).toMatch(/Connect this computer to a network/);
});
