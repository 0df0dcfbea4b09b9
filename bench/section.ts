/** A benchmark section: one file in bench/sections/, discovered by bench/main.ts. */
export type Cell = string | number;

export interface Target {
  readonly name: string;
  readonly measured: number;
  /** Human-readable goal, e.g. "≤ 0.5". */
  readonly goal: string;
  readonly met: boolean;
}

export interface BenchResult {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly targets: readonly Target[];
  /** Honest remarks: how it was measured, why a target was missed. */
  readonly notes?: readonly string[];
}

export interface BenchSection {
  readonly name: string;
  readonly description: string;
  run(log: (line: string) => void): Promise<BenchResult | BenchResult[]>;
}
