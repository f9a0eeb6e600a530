import { runProcess, runtimeExecutable } from "./_process.ts";

/** The roadmap's start-up budget: ms over an empty process or an empty import. */
export const STARTUP_BUDGET_MS = 10;

/** Every package of the family, whose main entry's import the doctor times. */
export const FAMILY: readonly string[] = [
  "@atomiton/platform",
  "@atomiton/resilience",
  "@atomiton/di",
  "@atomiton/events",
  "@atomiton/storage",
  "@atomiton/execution",
  "@atomiton/store",
  "@atomiton/conductor",
  "@atomiton/core",
  "@atomiton/cli",
];

/**
 * One start-up case: importing a module in a fresh process (timed inside it,
 * against an empty import), or a whole command line (timed from outside,
 * against an empty process).
 */
export type StartupCase =
  | {
    readonly name: string;
    readonly import: string;
    /** A statement run right after the import, with the module as `m`: a first use. */
    readonly use?: string;
  }
  | { readonly name: string; readonly args: readonly string[] };

/** How to start fresh processes of one runtime. */
export interface StartupProbe {
  readonly runtime: "deno" | "node";
  /** The runtime's executable. */
  readonly executable: string;
  /** Where the processes run (for Deno from source: the workspace, so imports resolve). */
  readonly cwd?: string | URL | undefined;
}

/**
 * `ok` within budget, `warn` over it, `fail` only when the case could not run: a
 * timing on a shared machine is noisy, so it never fails a healthy install.
 */
export type BudgetStatus = "ok" | "warn" | "fail";

/** One case's figures. */
export interface StartupTiming {
  readonly name: string;
  readonly kind: "import" | "process";
  /** Median and best of the case itself, in ms. */
  readonly medianMs: number;
  readonly minMs: number;
  /** Median over the baseline's median: the figure held against the budget. */
  readonly overMs: number;
  /** Best run over the baseline's best. */
  readonly bestOverMs: number;
  readonly status: BudgetStatus;
  /** Why the case could not be measured (then `status` is `fail`). */
  readonly error?: string;
}

/** What {@linkcode measureStartup} found. */
export interface StartupReport {
  readonly runtime: "deno" | "node";
  readonly runs: number;
  readonly budgetMs: number;
  /** The empty import and the empty process, median ms (0 when no case needed one). */
  readonly baseline: { readonly importMs: number; readonly processMs: number };
  readonly timings: readonly StartupTiming[];
}

const EMPTY_IMPORT = "data:text/javascript,export default 1";

function importArgs(runtime: "deno" | "node", specifier: string, use = ""): string[] {
  const script = `const t = performance.now(); const m = await import(${
    JSON.stringify(specifier)
  }); ${use}; console.log(JSON.stringify(performance.now() - t));`;
  return runtime === "deno"
    ? ["eval", "--quiet", "--no-check", script]
    : ["--input-type=module", "-e", script];
}

function emptyProcessArgs(runtime: "deno" | "node"): string[] {
  return runtime === "deno"
    ? ["run", "-A", "--quiet", "data:text/javascript,"]
    : ["--input-type=module", "-e", ""];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The status of a case `overMs` (its median) over its baseline: `ok` or, over budget, `warn`. */
export function budgetStatus(overMs: number, budgetMs: number): BudgetStatus {
  return overMs <= budgetMs ? "ok" : "warn";
}

/** A case's figures from its samples and its baseline's, in ms (both non-empty). */
export function timingOf(
  name: string,
  kind: "import" | "process",
  values: readonly number[],
  base: readonly number[],
  budgetMs: number,
): StartupTiming {
  const medianMs = median(values);
  const minMs = Math.min(...values);
  const overMs = Math.max(0, medianMs - median(base));
  const bestOverMs = Math.max(0, minMs - Math.min(...base));
  return {
    name,
    kind,
    medianMs,
    minMs,
    overMs,
    bestOverMs,
    status: budgetStatus(overMs, budgetMs),
  };
}

/**
 * Times each case in `runs` fresh processes, interleaved with the baselines
 * so that machine noise hits all alike; imports are timed inside the process,
 * command lines from outside.
 */
export async function measureStartup(
  probe: StartupProbe,
  cases: readonly StartupCase[],
  options: { runs: number; signal?: AbortSignal | undefined; budgetMs?: number },
): Promise<StartupReport> {
  const budgetMs = options.budgetMs ?? STARTUP_BUDGET_MS;
  const kinds = cases.map((c) => "import" in c ? "import" as const : "process" as const);
  const all: StartupCase[] = [
    { name: "empty import", import: EMPTY_IMPORT },
    { name: "empty process", args: emptyProcessArgs(probe.runtime) },
    ...cases,
  ];
  const needed = [kinds.includes("import"), kinds.includes("process"), ...cases.map(() => true)];
  const samples: number[][] = all.map(() => []);
  const errors: (string | undefined)[] = all.map(() => undefined);
  for (let run = 0; run < options.runs; run++) {
    for (let i = 0; i < all.length; i++) {
      if (!needed[i] || errors[i] !== undefined) continue;
      options.signal?.throwIfAborted();
      const c = all[i]!;
      const isImport = "import" in c;
      const result = await runProcess(
        probe.executable,
        isImport ? importArgs(probe.runtime, c.import, c.use) : c.args,
        { cwd: probe.cwd, signal: options.signal },
      );
      const inside = isImport ? Number(result.stdout.trim().split("\n").at(-1)) : result.ms;
      if (result.code !== 0 || !Number.isFinite(inside)) {
        const why = result.stderr.trim().split("\n").find((line) => line.trim()) ??
          `exit code ${result.code}`;
        // deno-lint-ignore no-control-regex -- a child's error may be in colour
        errors[i] = why.replace(/\x1b\[[0-9;]*m/g, "").trim();
        continue;
      }
      samples[i]!.push(inside);
    }
  }
  const [importBase, processBase] = [samples[0]!, samples[1]!];
  const timings = cases.map((c, index): StartupTiming => {
    const i = index + 2;
    const kind = kinds[index]!;
    const base = kind === "import" ? importBase : processBase;
    const values = samples[i]!;
    const error = errors[i] ??
      (base.length === 0
        ? `the empty ${kind} failed: ${errors[kind === "import" ? 0 : 1]}`
        : undefined);
    if (error !== undefined || values.length === 0) {
      return {
        name: c.name,
        kind,
        medianMs: 0,
        minMs: 0,
        overMs: 0,
        bestOverMs: 0,
        status: "fail",
        error: error ?? "no run finished",
      };
    }
    return timingOf(c.name, kind, values, base, budgetMs);
  });
  return {
    runtime: probe.runtime,
    runs: options.runs,
    budgetMs,
    baseline: { importMs: median(importBase), processMs: median(processBase) },
    timings,
  };
}

/**
 * The start-up cases of this installation, on the running runtime:
 * `atomiton --version` as a user runs it, and importing each package of the
 * family that can be found from here (the others are returned as `missing`).
 */
export async function familyStartup(): Promise<{
  probe: StartupProbe;
  cases: StartupCase[];
  missing: string[];
}> {
  const deno = "Deno" in globalThis;
  const cases: StartupCase[] = [];
  const missing: string[] = [];
  // From source or JSR this module sits beside mod.ts; in the npm copy it is bundled into a chunk.
  const beside = import.meta.url.endsWith(".ts");
  if (deno) {
    const cli = beside ? new URL("../mod.ts", import.meta.url).href : resolve("@atomiton/cli");
    if (cli) {
      cases.push({ name: "atomiton --version", args: ["run", "-A", "--quiet", cli, "--version"] });
    }
  } else {
    const bin = resolve("@atomiton/cli/bin");
    if (bin) {
      const { fileURLToPath } = await import("node:url");
      cases.push({ name: "atomiton --version", args: [fileURLToPath(bin), "--version"] });
    }
  }
  for (const name of FAMILY) {
    const url = resolve(name);
    if (url) cases.push({ name: `import ${name}`, import: url });
    else missing.push(name);
  }
  const source = beside && import.meta.url.startsWith("file:");
  return {
    probe: {
      runtime: deno ? "deno" : "node",
      executable: runtimeExecutable(),
      // From source, Deno finds the workspace (and its import map) from the working folder.
      cwd: source ? new URL("../../", import.meta.url) : undefined,
    },
    cases,
    missing,
  };
}

function resolve(specifier: string): string | undefined {
  try {
    return import.meta.resolve(specifier);
  } catch {
    return undefined;
  }
}
