import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run';
import type { CliOutcome } from './run';
import { parseXml } from './xml-check';

const dir = mkdtempSync(join(tmpdir(), 'canopy-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small scenario: fast enough to run several times in-process. */
const SMALL = ['--nodes', '6', '--dim', '4', '--samples', '8', '--duration', '30', '--loss', '0.2', '--straggler', '2:3', '--out', dir];

function cli(args: readonly string[]): CliOutcome & { stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const outcome = runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { ...outcome, stdout: out.join('\n'), stderr: err.join('\n') };
}

function csvOf(name: string, seed: number, extra: readonly string[] = []): string {
  const run = cli([...SMALL, '--algo', 'rfast,allreduce', '--seed', String(seed), '--name', name, ...extra]);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return readFileSync(join(dir, `${name}.csv`), 'utf8');
}

describe('pnpm sim (in-process)', () => {
  const first = csvOf('a', 7);

  it('writes byte-identical CSV for the same seed and flags', () => {
    expect(csvOf('b', 7)).toBe(first);
  });

  it('writes a different CSV for a different seed', () => {
    expect(csvOf('c', 8)).not.toBe(first);
  });

  it('writes one block of rows per algorithm, starting at time 0', () => {
    const rows = first.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['rfast', 'allreduce']));
    expect(rows.find((r) => r[0] === 'rfast')?.[1]).toBe('0');
    expect(rows.every((r) => r.length === 14)).toBe(true);
  });

  it('writes a well-formed SVG with one curve and one legend entry per algorithm', () => {
    const run = cli([...SMALL, '--algo', 'rfast,dpsgd,adpsgd', '--name', 'plot', '--duration', '10']);
    expect(run.exitCode).toBe(0);
    expect(run.files?.svg).toBe(join(dir, 'plot.svg'));
    const elements = parseXml(readFileSync(join(dir, 'plot.svg'), 'utf8'));
    expect(elements.filter((e) => e.name === 'path').map((e) => e.attributes['data-algorithm'])).toEqual(['rfast', 'dpsgd', 'adpsgd']);
    const legend = elements.filter((e) => e.name === 'text').map((e) => e.text);
    expect(legend).toEqual(expect.arrayContaining(['rfast', 'dpsgd', 'adpsgd']));
    expect(legend.some((t) => t.includes('6 nodes') && t.includes('loss 0.2') && t.includes('straggler 2×3'))).toBe(true);
    // The summary names each algorithm and the two files.
    for (const name of ['rfast', 'dpsgd', 'adpsgd', 'plot.csv', 'plot.svg']) expect(run.stdout).toContain(name);
  });

  it('--help lists every flag with its default and exits 0', () => {
    const run = cli(['--help']);
    expect(run.exitCode).toBe(0);
    const flags = ['--algo', '--topology', '--fanout', '--nodes', '--problem', '--dim', '--samples', '--heterogeneity', '--stochastic',
      '--batch', '--lr', '--duration', '--loss', '--burst', '--delay', '--pacing', '--bandwidth', '--compute', '--straggler', '--byzantine', '--leave', '--crash', '--join',
      '--seed', '--sample-every', '--target', '--out', '--name', '--progress', '--compression', '--keyframe-every', '--param'];
    // One block per option: its first line starts with "  -", commander wraps the description below it.
    const blocks = run.stdout.split(/\n(?= {2}-)/).slice(1).map((b) => b.replace(/\s+/g, ' ').trim());
    const byFlag = new Map(blocks.map((b) => [b.split(/[ ,]/).find((w) => w.startsWith('--')) ?? '', b]));
    for (const flag of flags) expect(byFlag.get(flag), flag).toMatch(/default: \S/);
    expect([...byFlag.keys()].sort()).toEqual([...flags, '--help'].sort());
    // The hyper-parameters --param accepts, with their ranges.
    expect(run.stdout).toMatch(/local-sgd\.H +local steps between averages; a positive integer \(default 4\)/);
    expect(run.stdout).toMatch(/overlap-local-sgd\.alpha .*a number in \(0, 1\)/);
    expect(run.stdout).toMatch(/synthesis\.delta .*an integer ≥ 0 \(default 4·n\)/);
  });

  it('--param sets a hyper-parameter of the algorithms that read it and names it in the title', () => {
    const args = [...SMALL, '--algo', 'local-sgd,rfast', '--duration', '20', '--seed', '3'];
    const base = cli([...args, '--name', 'h-default']);
    const tuned = cli([...args, '--name', 'h-8', '--param', 'H=8']);
    const explicit = cli([...args, '--name', 'h-4', '--param', 'local-sgd.H=4']);
    for (const run of [base, tuned, explicit]) expect(run.exitCode).toBe(0);
    const rowsOf = (name: string, algorithm: string): string[] =>
      readFileSync(join(dir, `${name}.csv`), 'utf8').split('\n').filter((l) => l.startsWith(`${algorithm},`));
    // H = 8 averages half as often as the default H = 4: other messages, other errors; R-FAST is untouched.
    expect(rowsOf('h-8', 'local-sgd')).not.toEqual(rowsOf('h-default', 'local-sgd'));
    expect(rowsOf('h-8', 'rfast')).toEqual(rowsOf('h-default', 'rfast'));
    expect(rowsOf('h-4', 'local-sgd')).toEqual(rowsOf('h-default', 'local-sgd'));
    expect(tuned.stdout).toContain('local-sgd H=8');
    expect(readFileSync(join(dir, 'h-8.svg'), 'utf8')).toContain('local-sgd H=8');
  });

  it('--compression q8 puts fewer R-FAST bytes on the wire and names the codec in the title', () => {
    const column = first.split('\n')[0]!.split(',').indexOf('bytesSent');
    const bytesOf = (csv: string): number => Number(csv.trimEnd().split('\n').at(-1)!.split(',')[column]);
    const args = [...SMALL, '--algo', 'rfast', '--dim', '64', '--samples', '64', '--seed', '7'];
    const plain = cli([...args, '--name', 'plain']);
    const squeezed = cli([...args, '--name', 'squeezed', '--compression', 'q8', '--keyframe-every', '16']);
    expect(plain.exitCode).toBe(0);
    expect(squeezed.exitCode).toBe(0);
    const ratio = bytesOf(readFileSync(join(dir, 'plain.csv'), 'utf8')) / bytesOf(readFileSync(join(dir, 'squeezed.csv'), 'utf8'));
    expect(ratio).toBeGreaterThan(3);
    expect(readFileSync(join(dir, 'squeezed.svg'), 'utf8')).toContain('q8 compression, keyframe every 16');
  });

  it.each([
    [['--compression', 'zip'], '--compression'],
    [['--keyframe-every', '0'], '--keyframe-every'],
    [['--loss', '1.5'], '--loss'],
    [['--algo', 'nope'], '--algo'],
    [['--straggler', 'x'], '--straggler'],
    [['--topology', 'star'], '--topology'],
    [['--nodes', '0'], '--nodes'],
    [['--burst', '0.1:0.2'], '--burst'],
    [['--nodes', '4', '--straggler', '9:2'], '--straggler'],
    [['--leave', '500:1'], '--leave'],
    [['--byzantine', 'evil:1'], '--byzantine'],
    [['--nodes', '4', '--byzantine', 'random:7'], '--byzantine'],
    [['--byzantine', 'random:1', '--compression', 'q8'], '--byzantine'],
    [['--frobnicate'], '--frobnicate'],
  ])('%j → exit 2 and a one-line error naming %s', (args, flag) => {
    const run = cli([...args, '--out', dir, '--name', 'never']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(flag);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--param', 'H=0'], 'local-sgd.H must be a positive integer, got 0'],
    [['--param', 'local-sgd.K=2'], 'local-sgd has no hyper-parameter "K" (accepted: H)'],
    [['--param', 'frob=1'], 'no algorithm has a hyper-parameter "frob"'],
    [['--param', 'overlap-local-sgd.alpha=1'], 'overlap-local-sgd.alpha must be a number in (0, 1)'],
    [['--param', 'tau'], 'expected algo.name=value or name=value'],
    [['--algo', 'rfast', '--param', 'H=2'], "option '--param': \"H=2\": none of the selected algorithms (rfast) reads H"],
    [['--algo', 'rfast', '--param', 'synthesis.q=2'], 'synthesis is not among the selected algorithms (rfast)'],
  ])('--param: %j → exit 2 and one line naming --param and saying %s', (args, detail) => {
    const run = cli([...args, '--out', dir, '--name', 'never']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("option '--param");
    expect(run.stderr).toContain(detail);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('reports an unwritable --out in one line with exit code 1', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const run = cli([...SMALL, '--algo', 'rfast', '--duration', '2', '--out', join(blocker, 'sub')]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot write to --out .*a-file/);
    expect(run.stderr.split('\n')).toHaveLength(1);
  });
});
