/**
 * The benchmarks page: `docs/benchmarks.md` and its SVG charts, from the
 * results `bench/run.ts` collects (every `bench/*_compare.ts` on Deno, Node
 * and Chromium, the `deno bench` files, and the start-up times). Pure
 * functions of the numbers, so the output can be tested.
 *
 * @module
 */
import type { StartupReport } from "../cli/doctor/startup.ts";

/** One measured case of a comparison. */
export interface BenchRecord {
  /** The package it measures, such as `@atomiton/events`. */
  readonly package: string;
  /** The benchmark file, relative to `bench/`. */
  readonly file: string;
  /** Where: `deno`, `node`, `chromium`. */
  readonly runtime: string;
  /** What is measured, such as `emit, one listener`. */
  readonly group: string;
  /** The library; ours comes first in its group. */
  readonly name: string;
  readonly opsPerSecond: number;
  /** Ours divided by this one's rate: above 1 we are faster. */
  readonly ratio: number;
  /** For a time rather than a rate (start-up): the ms it took; lower is better. */
  readonly ms?: number | undefined;
}

/** Everything the page shows. */
export interface BenchPage {
  readonly generatedAt: Date;
  /** The CPU, its count and the OS, in words. */
  readonly machine: string;
  /** Versions by runtime: `deno`, `node`, `chromium`. */
  readonly versions: Readonly<Record<string, string>>;
  readonly records: readonly BenchRecord[];
  /** Start-up per runtime (Deno from source, Node from the npm copy). */
  readonly startup: readonly StartupReport[];
  /** Packages in the order their sections appear. */
  readonly packages: readonly string[];
  /** How long the whole run took, in ms. */
  readonly tookMs?: number | undefined;
}

/** The page's Markdown and its charts by file name (under `docs/bench/`). */
export interface RenderedPage {
  readonly markdown: string;
  readonly charts: ReadonlyMap<string, string>;
}

const RUNTIME_NAMES: Readonly<Record<string, string>> = {
  deno: "Deno",
  node: "Node",
  chromium: "Chromium",
};

const COLOURS: Readonly<Record<string, string>> = {
  deno: "#2f6fdf",
  node: "#3c9a3c",
  chromium: "#e0792b",
};

/** The package a benchmark file measures: `events_compare.ts` → `@atomiton/events`. */
export function packageOf(file: string): string {
  const base = file.split("/").at(-1)!;
  return `@atomiton/${base.split(/[_.]/)[0]}`;
}

/** The output of `deno bench --json`, as far as the page needs it. */
export interface DenoBenchOutput {
  readonly benches: readonly {
    readonly origin: string;
    readonly group: string | null;
    readonly name: string;
    readonly baseline: boolean;
    readonly results: readonly { readonly ok?: { readonly avg: number } }[];
  }[];
}

/** Records from `deno bench --json`: each group's baseline is ours. */
export function fromDenoBench(output: DenoBenchOutput): BenchRecord[] {
  const rate = (avgNs: number): number => 1e9 / avgNs;
  const records: BenchRecord[] = [];
  const groups = new Map<string, DenoBenchOutput["benches"][number][]>();
  for (const bench of output.benches) {
    if (bench.results[0]?.ok === undefined) continue;
    const key = `${bench.origin}\0${bench.group ?? bench.name}`;
    groups.set(key, [...(groups.get(key) ?? []), bench]);
  }
  for (const benches of groups.values()) {
    const ours = benches.find((bench) => bench.baseline) ?? benches[0]!;
    const ourRate = rate(ours.results[0]!.ok!.avg);
    for (const bench of [ours, ...benches.filter((bench) => bench !== ours)]) {
      const file = bench.origin.split("/").at(-1)!;
      const opsPerSecond = rate(bench.results[0]!.ok!.avg);
      records.push({
        package: packageOf(file),
        file,
        runtime: "deno",
        group: bench.group ?? bench.name,
        name: bench.name,
        opsPerSecond,
        ratio: ourRate / opsPerSecond,
      });
    }
  }
  return records;
}

/** A rate for people: `1.23 M/s`, `45.6 k/s`, `789/s`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(perSecond >= 100 ? 0 : 1)}/s`;
}

/** A ratio for people: `2.35×`. */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

/** A file-name-safe slug: `emit, one listener` → `emit-one-listener`. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** The anchor GitHub gives a heading: `@atomiton/events` → `atomitonevents`. */
export function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** One bar of a chart row. */
export interface ChartBar {
  /** The series (runtime), which picks the colour. */
  readonly series: string;
  readonly value: number;
  /** The label printed after the bar. */
  readonly text: string;
}

/** One row of a chart: a library (or case) and its bars, one per series. */
export interface ChartRow {
  readonly label: string;
  /** Ours stands out. */
  readonly bold?: boolean;
  readonly bars: readonly ChartBar[];
}

/** What {@linkcode barChart} draws. */
export interface ChartOptions {
  readonly title: string;
  /** Under the title, such as `operations per second, longer is faster`. */
  readonly subtitle: string;
  readonly rows: readonly ChartRow[];
  /** A dashed line at this value, such as a budget. */
  readonly marker?: { readonly value: number; readonly text: string } | undefined;
}

const WIDTH = 720;
const PAD = 16;
const LABEL_WIDTH = 230;
const TEXT_WIDTH = 92;
const BAR = 14;
const BAR_GAP = 3;
const ROW_GAP = 12;
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

/**
 * A horizontal bar chart as SVG text: one row per library, one bar per
 * runtime, labelled with its value, on a white card so that it reads in
 * GitHub's light and dark themes.
 */
export function barChart(options: ChartOptions): string {
  const series = [...new Set(options.rows.flatMap((row) => row.bars.map((bar) => bar.series)))];
  const values = options.rows.flatMap((row) => row.bars.map((bar) => bar.value));
  const max = Math.max(...values, options.marker?.value ?? 0) || 1;
  const barX = PAD + LABEL_WIDTH;
  const barSpace = WIDTH - barX - TEXT_WIDTH - PAD;
  const parts: string[] = [];
  let y = 62;
  for (const row of options.rows) {
    const height = row.bars.length * (BAR + BAR_GAP) - BAR_GAP;
    parts.push(
      `<text x="${barX - 8}" y="${y + height / 2 + 4}" text-anchor="end"${
        row.bold ? ' font-weight="bold"' : ""
      }>${escapeXml(row.label)}</text>`,
    );
    row.bars.forEach((bar, i) => {
      const top = y + i * (BAR + BAR_GAP);
      const width = Math.max(1, (bar.value / max) * barSpace);
      parts.push(
        `<rect x="${barX}" y="${top}" width="${width.toFixed(1)}" height="${BAR}" rx="2" fill="${
          COLOURS[bar.series] ?? "#888888"
        }"><title>${
          escapeXml(`${RUNTIME_NAMES[bar.series] ?? bar.series}: ${bar.text}`)
        }</title></rect>`,
        // A white halo keeps the value readable where it crosses the marker line.
        `<text x="${(barX + width + 5).toFixed(1)}" y="${
          top + BAR - 3
        }" font-size="11" stroke="#ffffff" stroke-width="3" paint-order="stroke">${
          escapeXml(bar.text)
        }</text>`,
      );
    });
    y += height + ROW_GAP;
  }
  const height = y - ROW_GAP + PAD + 4;
  if (options.marker) {
    const x = (barX + (options.marker.value / max) * barSpace).toFixed(1);
    // Drawn first, under the bars and their values.
    parts.unshift(
      `<line x1="${x}" y1="56" x2="${x}" y2="${
        height - PAD + 2
      }" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      `<text x="${x}" y="52" text-anchor="middle" font-size="11" fill="#c0392b">${
        escapeXml(options.marker.text)
      }</text>`,
    );
  }
  const legend = series.map((name, i) => {
    const x = WIDTH - PAD - (series.length - i) * 90;
    // On the subtitle's line, so that a long title has the whole width.
    return `<rect x="${x}" y="31" width="10" height="10" rx="2" fill="${
      COLOURS[name] ?? "#888888"
    }"/><text x="${x + 14}" y="40" font-size="11">${escapeXml(RUNTIME_NAMES[name] ?? name)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}" font-size="12" fill="#1f2328">`,
    `<rect width="${WIDTH}" height="${height}" rx="6" fill="#ffffff" stroke="#d0d7de"/>`,
    `<text x="${PAD}" y="22" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<text x="${PAD}" y="40" font-size="11" fill="#57606a">${escapeXml(options.subtitle)}</text>`,
    ...legend,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

function runtimesOf(records: readonly BenchRecord[]): string[] {
  const order = Object.keys(RUNTIME_NAMES);
  return [...new Set(records.map((record) => record.runtime))].sort((a, b) =>
    (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)
  );
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The start-up case that imports a package holding one empty module: the loader's floor. On Node
 * it is most of what any package's import costs over a `data:` import (the file loader, reading
 * `package.json` and resolving its exports), so the page shows each import over it too.
 */
export const EMPTY_PACKAGE = "import an empty package";

/** A timing's figure, and for an import beside the empty package's, its time over that. */
function startupCell(report: StartupReport, timing: StartupReport["timings"][number]): string {
  const mark = { ok: "", warn: " (noisy: over in the median only)", fail: " **over**" } as const;
  const floor = report.timings.find((t) => t.name === EMPTY_PACKAGE);
  const overFloor = floor && timing.kind === "import" && timing !== floor && !floor.error
    ? `; ${Math.max(0, timing.medianMs - floor.medianMs).toFixed(1)} ms over an empty package`
    : "";
  return `${timing.overMs.toFixed(1)} ms${mark[timing.status]}${overFloor}`;
}

function startupSection(reports: readonly StartupReport[]): { markdown: string; chart?: string } {
  if (reports.length === 0) return { markdown: "" };
  const names = unique(reports.flatMap((report) => report.timings.map((t) => t.name)));
  const budget = reports[0]!.budgetMs;
  const lines = [
    "## Start-up",
    "",
    `Fresh processes, the median of ${
      reports[0]!.runs
    } each (\`bench/startup.ts\`): \`atomiton --version\` ` +
    "against an empty process of the same runtime, and each package's main entry imported against an " +
    `empty import. Deno runs the sources, Node the npm copy. Budget: ${budget} ms over the baseline. ` +
    `\`${EMPTY_PACKAGE}\` is the loader's floor: a package of one empty module. On Node it costs ` +
    "most of what any package's import does over a `data:` import (the file loader, reading " +
    "`package.json`, resolving its exports), so each import is shown over it too.",
    "",
    `| | ${reports.map((r) => RUNTIME_NAMES[r.runtime]).join(" | ")} |`,
    `|---|${reports.map(() => "---:").join("|")}|`,
  ];
  for (const name of names) {
    const cells = reports.map((report) => {
      const timing = report.timings.find((t) => t.name === name);
      if (!timing) return "";
      return timing.error !== undefined ? "failed" : startupCell(report, timing);
    });
    lines.push(`| \`${name}\` | ${cells.join(" | ")} |`);
  }
  lines.push(
    `| baseline: empty process | ${
      reports.map((r) => `${r.baseline.processMs.toFixed(1)} ms`).join(" | ")
    } |`,
    `| baseline: empty import | ${
      reports.map((r) => `${r.baseline.importMs.toFixed(1)} ms`).join(" | ")
    } |`,
    "",
    "![Start-up over the baseline](bench/startup.svg)",
    "",
  );
  const chart = barChart({
    title: "Start-up over an empty process or import",
    subtitle:
      `ms over the baseline, median of fresh processes; shorter is faster; budget ${budget} ms`,
    marker: { value: budget, text: `budget ${budget} ms` },
    rows: names.map((name) => ({
      label: name,
      bold: name.includes("--version"),
      bars: reports.flatMap((report) => {
        const timing = report.timings.find((t) => t.name === name);
        return timing && timing.error === undefined
          ? [{
            series: report.runtime,
            value: timing.overMs,
            text: `${timing.overMs.toFixed(1)} ms`,
          }]
          : [];
      }),
    })),
  });
  return { markdown: lines.join("\n"), chart };
}

function fileTable(
  name: string,
  file: string,
  records: readonly BenchRecord[],
  charts: Map<string, string>,
): string[] {
  const runtimes = runtimesOf(records);
  const short = name.replace(/^@atomiton\//, "");
  const source = file === "startup.ts"
    ? "[`bench/startup.ts`](../bench/startup.ts) (fresh processes)"
    : `[\`bench/${file}\`](../bench/${file})`;
  const lines = [
    `From ${source}, on ${runtimes.map((r) => RUNTIME_NAMES[r] ?? r).join(", ")}.`,
    "",
    `| case | library | ${
      runtimes.map((r) => `${RUNTIME_NAMES[r] ?? r} | ours ÷ it`).join(" | ")
    } |`,
    `|---|---|${runtimes.map(() => "---:|---:").join("|")}|`,
  ];
  const images: string[] = [];
  for (const group of unique(records.map((record) => record.group))) {
    const inGroup = records.filter((record) => record.group === group);
    const names = unique(inGroup.map((record) => record.name));
    const isTime = inGroup.some((record) => record.ms !== undefined);
    const value = (record: BenchRecord): string =>
      record.ms !== undefined ? `${record.ms.toFixed(1)} ms` : formatRate(record.opsPerSecond);
    names.forEach((library, i) => {
      const cells = runtimes.map((runtime) => {
        const record = inGroup.find((r) => r.name === library && r.runtime === runtime);
        if (!record) return " | ";
        return `${value(record)} | ${i === 0 ? "ours" : formatRatio(record.ratio)}`;
      });
      lines.push(
        `| ${i === 0 ? group : ""} | ${i === 0 ? `**${library}**` : library} | ${
          cells.join(" | ")
        } |`,
      );
    });
    const chart = `${slug(short)}-${slug(group)}.svg`;
    charts.set(
      chart,
      barChart({
        title: `${name}: ${group}`,
        subtitle: isTime
          ? "ms in a fresh process; shorter is faster"
          : "operations per second; longer is faster",
        rows: names.map((library, i) => ({
          label: library,
          bold: i === 0,
          bars: inGroup.filter((r) => r.name === library).map((record) => ({
            series: record.runtime,
            value: record.ms ?? record.opsPerSecond,
            text: value(record),
          })),
        })),
      }),
    );
    images.push(`![${name}: ${group}](bench/${chart})`);
  }
  return [...lines, "", ...images.flatMap((image) => [image, ""])];
}

function packageSection(
  name: string,
  records: readonly BenchRecord[],
  charts: Map<string, string>,
): string {
  // One table per benchmark file, so that each has only its own runtimes; browsers last.
  const files = unique(records.map((record) => record.file)).sort((a, b) =>
    Number(a.includes("browser")) - Number(b.includes("browser"))
  );
  return [
    `## \`${name}\``,
    "",
    ...files.flatMap((file) =>
      fileTable(name, file, records.filter((record) => record.file === file), charts)
    ),
  ].join("\n");
}

/**
 * Renders the benchmarks page: a header that says how to read it, the
 * start-up table, and a section per package with its ratios and charts.
 */
export function renderPage(page: BenchPage): RenderedPage {
  const charts = new Map<string, string>();
  const versions = Object.entries(page.versions).map(([runtime, version]) =>
    `${RUNTIME_NAMES[runtime] ?? runtime} ${version}`
  );
  const took = page.tookMs === undefined
    ? ""
    : ` The whole run took ${(page.tookMs / 60_000).toFixed(1)} minutes.`;
  const packages = [
    ...page.packages.filter((name) => page.records.some((r) => r.package === name)),
    ...unique(page.records.map((r) => r.package)).filter((name) => !page.packages.includes(name)),
  ];
  const startup = startupSection(page.startup);
  if (startup.chart) charts.set("startup.svg", startup.chart);
  const lines = [
    "# Benchmarks",
    "",
    `Written by \`deno task bench\` (\`bench/run.ts\`) on ${
      page.generatedAt.toISOString().slice(0, 10)
    }: ${page.machine}; ${versions.join(", ")}.${took} Do not edit by hand.`,
    "",
    "Each table compares a package with the libraries a user would pick instead, in the same " +
    "process. **ours ÷ it** is our rate divided by theirs: above 1 we are faster, below 1 slower. " +
    "Rates are the median of interleaved rounds (`bench/_harness.ts`), or `deno bench`'s mean for " +
    "the `*_bench.ts` files. The machine is shared and small, so read the ratios rather than the " +
    "absolute rates.",
    "",
    ...(startup.markdown ? ["- [Start-up](#start-up)"] : []),
    ...packages.map((name) => `- [\`${name}\`](#${anchor(name)})`),
    "",
    ...(startup.markdown ? [startup.markdown] : []),
    ...packages.map((name) =>
      packageSection(name, page.records.filter((record) => record.package === name), charts)
    ),
  ];
  return { markdown: lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n", charts };
}
