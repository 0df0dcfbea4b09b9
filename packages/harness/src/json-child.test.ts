import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './server';
import { runJsonChild } from './json-child';

const dir = mkdtempSync(join(tmpdir(), 'canopy-json-child-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A throwaway script (written outside the repository, addressed relative to it as the runner expects). */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return relative(repoRoot, path);
}

describe('runJsonChild', () => {
  it('streams the output lines, returns the exit code and the JSON the child wrote', async () => {
    const lines: string[] = [];
    const exit = await runJsonChild({
      script: script('ok.ts', "import { writeFileSync } from 'node:fs';\nconsole.log('one');\nconsole.error('two');\nwriteFileSync(process.argv[2]!, JSON.stringify({ n: 42 }));\n"),
      args: (jsonPath) => [jsonPath],
      timeoutMs: 30_000,
      killGraceMs: 1_000,
      log: (line) => lines.push(line),
    });
    expect(exit).toMatchObject({ code: 0, timedOut: false });
    expect(JSON.parse(exit.json ?? 'null')).toEqual({ n: 42 });
    expect(lines.sort()).toEqual(['one', 'two']);
  });

  it('reports a failing child with its code, its last lines and no JSON', async () => {
    const exit = await runJsonChild({ script: script('fail.ts', "console.error('broken');\nprocess.exit(3);\n"), args: () => [], timeoutMs: 30_000, killGraceMs: 1_000, log: () => {} });
    expect(exit).toMatchObject({ code: 3, timedOut: false, json: undefined });
    expect(exit.tail).toContain('broken');
  });

  it('kills a child that outlives its time and says so', async () => {
    const exit = await runJsonChild({ script: script('hang.ts', 'setInterval(() => {}, 1000);\n'), args: () => [], timeoutMs: 1_500, killGraceMs: 1_000, log: () => {} });
    expect(exit.timedOut).toBe(true);
    expect(exit.code).toBeNull(); // killed by a signal
  });
});
