/**
 * `pnpm bench [section ...] [--flag value ...]`: runs every section in bench/sections (or the named ones), prints a table
 * per result and writes the figures to results/bench.json and results/bench.md.
 */
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import { parseBenchArgs, type BenchArgs } from './flags';
import type { BenchResult, BenchSection } from './section';

const sectionsDir = join(import.meta.dirname, 'sections');
const resultsDir = join(import.meta.dirname, '..', 'results');

/** A section's name is its file name, so `pnpm bench codec` imports only bench/sections/codec.ts. */
function sectionNames(): string[] {
  return readdirSync(sectionsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

async function loadSections(names: readonly string[]): Promise<BenchSection[]> {
  const loaded: BenchSection[] = [];
  for (const file of names.map((n) => `${n}.ts`)) {
    const mod = (await import(join(sectionsDir, file))) as { section: BenchSection };
    loaded.push(mod.section);
  }
  return loaded;
}

function toMarkdown(result: BenchResult): string {
  const lines = [`### ${result.title}`, '', `| ${result.columns.join(' | ')} |`, `|${result.columns.map(() => '---').join('|')}|`];
  for (const row of result.rows) lines.push(`| ${row.join(' | ')} |`);
  if (result.targets.length > 0) {
    lines.push('', '| target | measured | goal | met |', '|---|---|---|---|');
    for (const t of result.targets) lines.push(`| ${t.name} | ${fmt(t.measured)} | ${t.goal} | ${t.met ? 'yes' : '**no**'} |`);
  }
  for (const note of result.notes ?? []) lines.push('', `> ${note}`);
  return lines.join('\n');
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

function printResult(result: BenchResult): void {
  const table = new Table({ head: [...result.columns] });
  for (const row of result.rows) table.push(row.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  console.log(`\n${result.title}\n${table.toString()}`);
  for (const t of result.targets) console.log(`  ${t.met ? 'MET ' : 'MISS'} ${t.name}: ${fmt(t.measured)} (goal ${t.goal})`);
  for (const note of result.notes ?? []) console.log(`  note: ${note}`);
}

const USAGE = `Usage: pnpm bench [section ...] [--flag value ...]

Runs every section (or the named ones), prints a table per result and writes results/bench[-section][-flag-value].{json,md}.
Flags are read by the sections themselves (e.g. pnpm bench join-storm --instances 2).`;

function parsedArgsOrExit(): BenchArgs {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${USAGE}\n\nSections: ${sectionNames().join(', ')}`);
    process.exit(0);
  }
  try {
    return parseBenchArgs(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { sections: wanted, flags: flagValues } = parsedArgsOrExit();
  const available = sectionNames();
  const unknown = wanted.filter((w) => !available.includes(w));
  if (unknown.length > 0) {
    console.error(`Unknown bench section(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
    process.exit(2);
  }
  const chosen = await loadSections(wanted.length > 0 ? wanted : available);
  const report: { section: string; results: BenchResult[] }[] = [];
  for (const section of chosen) {
    console.log(`\n== ${section.name}: ${section.description}`);
    const started = performance.now();
    let out: BenchResult | BenchResult[];
    try {
      out = await section.run((line) => console.log(`  [${section.name}] ${line}`));
    } catch (error) {
      // A clear line, not a stack (tfjs's wasm module would rethrow an uncaught error with its whole source).
      console.error(`bench ${section.name} failed: ${(error as Error).message}`);
      process.exit(1);
    }
    const results = Array.isArray(out) ? out : [out];
    results.forEach(printResult);
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    report.push({ section: section.name, results });
  }
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString();
  // Options name the files too: `join-storm --instances 2` does not overwrite the one-instance figures.
  const flags = [...flagValues].map(([name, value]) => `${name}-${value}`);
  const suffix = [...wanted, ...flags].map((part) => `-${part}`).join('');
  writeFileSync(join(resultsDir, `bench${suffix}.json`), JSON.stringify({ date: stamp, report }, null, 2));
  const md = [`# Benchmark results`, '', `Measured ${stamp} on ${process.platform}/${process.arch}, Node ${process.version}.`];
  for (const r of report) md.push('', `## ${r.section}`, '', ...r.results.map(toMarkdown));
  writeFileSync(join(resultsDir, `bench${suffix}.md`), md.join('\n') + '\n');
  console.log(`\nWrote results/bench${suffix}.json and results/bench${suffix}.md`);
}

await main();
