/**
 * CPU time of this process's descendants by kind (Chromium's renderers, network service, GPU process...),
 * read from Linux's /proc, so a benchmark can say where the cores went. Elsewhere it returns null.
 * /proc/PID/stat counts in USER_HZ ticks, which Linux fixes at 100 per second for user space.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export type ProcessKind = 'browser' | 'renderer' | 'network' | 'gpu' | 'utility' | 'zygote' | 'other';

export interface ProcessCpu {
  readonly pid: number;
  readonly kind: ProcessKind;
  /** User + system CPU seconds so far (all threads, e.g. a renderer's workers). */
  readonly cpuSeconds: number;
  /** Its command line, arguments separated by spaces (to tell processes of one kind apart). */
  readonly cmdline?: string;
}

/** ppid and user+system ticks from one /proc/PID/stat line; undefined when it does not parse. */
export function parseStat(line: string): { readonly ppid: number; readonly ticks: number } | undefined {
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  const close = line.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = line.slice(close + 2).split(' '); // fields[0] is field 3 (state)
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![ppid, utime, stime].every(Number.isInteger)) return undefined;
  return { ppid, ticks: utime + stime };
}

/**
 * A Chromium process's role from its command line: NUL-separated as started, but Chromium rewrites its
 * process title, after which the arguments are joined by spaces.
 */
export function kindOf(cmdline: string): ProcessKind {
  const args = cmdline.split(/[\0 ]/).filter((a) => a !== '');
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return /chrom/i.test(args[0] ?? '') ? 'browser' : 'other';
  if (type === 'renderer') return 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'zygote') return 'zygote';
  if (type === 'utility') return args.some((a) => a.includes('NetworkService')) ? 'network' : 'utility';
  return 'other';
}

/** Every pid whose chain of parents reaches `root` (root excluded). */
export function descendantsOf(root: number, parents: ReadonlyMap<number, number>): Set<number> {
  const found = new Set<number>();
  for (const pid of parents.keys()) {
    const seen = new Set<number>();
    for (let at = parents.get(pid); at !== undefined && !seen.has(at); at = parents.get(at)) {
      if (at === root) {
        found.add(pid);
        break;
      }
      seen.add(at);
    }
  }
  return found;
}

/** The descendants of `root` (default: this process) with their CPU time; null where /proc is unavailable. */
export function sampleProcessCpu(root: number = process.pid): ProcessCpu[] | null {
  if (process.platform !== 'linux') return null;
  const stats = new Map<number, { ppid: number; ticks: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parsed = parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (parsed !== undefined) stats.set(Number(entry), parsed);
    } catch {
      // the process ended meanwhile
    }
  }
  const parents = new Map([...stats].map(([pid, s]) => [pid, s.ppid]));
  const out: ProcessCpu[] = [];
  for (const pid of descendantsOf(root, parents)) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    out.push({ pid, kind: kindOf(cmdline), cpuSeconds: (stats.get(pid)?.ticks ?? 0) / TICKS_PER_SECOND, cmdline: cmdline.replaceAll('\0', ' ') });
  }
  return out;
}

/** CPU used between two samples, per pid, in cores (CPU seconds per wall second). */
export function coresBetween(before: readonly ProcessCpu[], after: readonly ProcessCpu[], wallSeconds: number): Map<number, { readonly kind: ProcessKind; readonly cores: number }> {
  const start = new Map(before.map((p) => [p.pid, p.cpuSeconds]));
  const out = new Map<number, { kind: ProcessKind; cores: number }>();
  if (!(wallSeconds > 0)) return out;
  for (const p of after) out.set(p.pid, { kind: p.kind, cores: Math.max(0, p.cpuSeconds - (start.get(p.pid) ?? 0)) / wallSeconds });
  return out;
}
