/**
 * `pnpm bench [section ...] [--flag value ...]`: words name sections, `--flag value` pairs are options that a
 * section reads for itself (e.g. `pnpm bench join-storm --instances 2`).
 */
export interface BenchArgs {
  readonly sections: string[];
  readonly flags: ReadonlyMap<string, string>;
}

export function parseBenchArgs(args: readonly string[]): BenchArgs {
  const sections: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      sections.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? args[i + 1];
    if (inline === undefined) i++;
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { sections, flags };
}

/** A flag of this run that names one of `choices`, or undefined when absent; a clear error for anything else. */
export function choiceFlag<T extends string>(name: string, choices: readonly T[], args: readonly string[] = process.argv.slice(2)): T | undefined {
  const raw = parseBenchArgs(args).flags.get(name);
  if (raw === undefined) return undefined;
  const chosen = choices.find((c) => c === raw);
  if (chosen === undefined) throw new Error(`--${name} ${raw}: expected one of ${choices.join(', ')}`);
  return chosen;
}

/** A whole-number flag of this run, or `fallback`; a clear error for anything else. */
export function intFlag(name: string, fallback: number, min = 1, max = 100_000): number {
  const raw = parseBenchArgs(process.argv.slice(2)).flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} ${raw}: expected a whole number in ${min}..${max}`);
  return value;
}
