import assert from "node:assert/strict";
import type { StartupReport } from "../cli/doctor/startup.ts";
import {
  anchor,
  barChart,
  type BenchRecord,
  EMPTY_PACKAGE,
  formatRate,
  formatRatio,
  fromDenoBench,
  packageOf,
  renderPage,
  slug,
} from "./bench_page.ts";

const record = (
  runtime: string,
  group: string,
  name: string,
  opsPerSecond: number,
  ratio: number,
  pkg = "@atomiton/events",
  file = "events_compare.ts",
): BenchRecord => ({ package: pkg, file, runtime, group, name, opsPerSecond, ratio });

const RECORDS: BenchRecord[] = [
  record("deno", "emit, one listener", "@atomiton/events", 2e6, 1),
  record("deno", "emit, one listener", "mitt", 1e6, 2),
  record("node", "emit, one listener", "@atomiton/events", 1e6, 1),
  record("node", "emit, one listener", "mitt", 4e6, 0.25),
  record(
    "deno",
    "memory get",
    "@atomiton/storage",
    5e5,
    1,
    "@atomiton/storage",
    "storage_compare.ts",
  ),
  record("deno", "memory get", "keyv", 2.5e5, 2, "@atomiton/storage", "storage_compare.ts"),
];

const STARTUP: StartupReport[] = [
  {
    runtime: "deno",
    runs: 15,
    budgetMs: 10,
    baseline: { importMs: 0.1, processMs: 16 },
    timings: [
      {
        name: "atomiton --version",
        kind: "process",
        medianMs: 28,
        minMs: 27,
        overMs: 12,
        bestOverMs: 11,
        status: "fail",
      },
      {
        name: "import @atomiton/platform",
        kind: "import",
        medianMs: 0.9,
        minMs: 0.8,
        overMs: 0.8,
        bestOverMs: 0.7,
        status: "ok",
      },
    ],
  },
  {
    runtime: "node",
    runs: 15,
    budgetMs: 10,
    baseline: { importMs: 1.4, processMs: 60 },
    timings: [
      {
        name: "atomiton --version",
        kind: "process",
        medianMs: 67,
        minMs: 66,
        overMs: 7,
        bestOverMs: 6,
        status: "ok",
      },
      {
        name: "import @atomiton/platform",
        kind: "import",
        medianMs: 12.5,
        minMs: 9,
        overMs: 11.1,
        bestOverMs: 7.6,
        status: "warn",
      },
    ],
  },
];

Deno.test("packageOf() names the package a benchmark file measures", () => {
  assert.equal(packageOf("events_compare.ts"), "@atomiton/events");
  assert.equal(packageOf("bench/storage_browser_compare.ts"), "@atomiton/storage");
  assert.equal(packageOf("/work/bench/di_bench.ts"), "@atomiton/di");
});

Deno.test("formatRate(), formatRatio(), slug() and anchor() write figures and names for the page", () => {
  assert.equal(formatRate(2_345_678), "2.35 M/s");
  assert.equal(formatRate(45_600), "45.6 k/s");
  assert.equal(formatRate(789.4), "789/s");
  assert.equal(formatRate(12.34), "12.3/s");
  assert.equal(formatRatio(2.345), "2.35×");
  assert.equal(formatRatio(12.34), "12.3×");
  assert.equal(slug("emit, one listener (28 fields)"), "emit-one-listener-28-fields");
  assert.equal(anchor("@atomiton/events"), "atomitonevents");
  assert.equal(anchor("Start-up"), "start-up");
});

Deno.test("fromDenoBench() takes each group's baseline as ours and skips failed benches", () => {
  const bench = (name: string, group: string, avg: number | undefined, baseline = false) => ({
    origin: "file:///repo/bench/di_bench.ts",
    group,
    name,
    baseline,
    results: [avg === undefined ? {} : { ok: { avg } }],
  });
  const records = fromDenoBench({
    benches: [
      bench("awilix", "resolve", 40),
      bench("@atomiton/di", "resolve", 10, true),
      bench("typed-inject", "resolve", 20),
      bench("broken", "resolve", undefined),
      bench("@atomiton/di", "other", 5, true),
    ],
  });
  assert.deepEqual(
    records.map((r) => [r.package, r.file, r.runtime, r.group, r.name, r.opsPerSecond, r.ratio]),
    [
      ["@atomiton/di", "di_bench.ts", "deno", "resolve", "@atomiton/di", 1e8, 1],
      ["@atomiton/di", "di_bench.ts", "deno", "resolve", "awilix", 2.5e7, 4],
      ["@atomiton/di", "di_bench.ts", "deno", "resolve", "typed-inject", 5e7, 2],
      ["@atomiton/di", "di_bench.ts", "deno", "other", "@atomiton/di", 2e8, 1],
    ],
  );
});

Deno.test("barChart() draws a bar per runtime per row, scaled to the largest, on a white card", () => {
  const svg = barChart({
    title: "events: emit <fast> & one",
    subtitle: "operations per second; longer is faster",
    rows: [
      {
        label: "@atomiton/events",
        bold: true,
        bars: [{ series: "deno", value: 100, text: "100/s" }, {
          series: "node",
          value: 50,
          text: "50/s",
        }],
      },
      { label: "mitt", bars: [{ series: "deno", value: 25, text: "25/s" }] },
    ],
  });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="\d+"/);
  assert.match(svg, /<\/svg>\n$/);
  assert.match(svg, /<rect width="720" height="\d+" rx="6" fill="#ffffff"/);
  // Labels are escaped.
  assert.match(svg, /events: emit &lt;fast&gt; &amp; one/);
  // The bar area is 720 - 16 - 230 - 92 - 16 = 366 wide: 100 fills it, 50 half, 25 a quarter.
  const widths = [...svg.matchAll(/<rect x="246" y="\d+" width="([\d.]+)"[^>]*fill="(#\w+)"/g)]
    .map((m) => [Number(m[1]), m[2]]);
  assert.deepEqual(widths, [[366, "#2f6fdf"], [183, "#3c9a3c"], [91.5, "#2f6fdf"]]);
  assert.match(svg, /font-weight="bold">@atomiton\/events<\/text>/);
  assert.match(svg, />Deno<\/text>/);
  assert.match(svg, />Node<\/text>/);
  assert.equal(svg.match(/<text/g)!.length, svg.match(/<\/text>/g)!.length);
  assert.doesNotMatch(svg, /stroke-dasharray/);
});

Deno.test("barChart() draws a dashed marker at its value", () => {
  const svg = barChart({
    title: "start-up",
    subtitle: "ms",
    marker: { value: 10, text: "budget 10 ms" },
    rows: [{ label: "a", bars: [{ series: "deno", value: 20, text: "20 ms" }] }],
  });
  assert.match(svg, /<line x1="429\.0" y1="56" x2="429\.0" y2="\d+"[^>]*stroke-dasharray="4 3"\/>/);
  assert.match(svg, />budget 10 ms<\/text>/);
});

Deno.test("renderPage() writes a section per package in order, a ratio table and a chart per case", () => {
  const { markdown, charts } = renderPage({
    generatedAt: new Date("2026-01-02T03:04:05Z"),
    machine: "a CPU, 2 CPUs, linux x86_64",
    versions: { deno: "2.9.6", node: "20.20.2" },
    records: RECORDS,
    startup: [],
    packages: ["@atomiton/platform", "@atomiton/events", "@atomiton/storage"],
    tookMs: 90_000,
  });
  assert.match(
    markdown,
    /^# Benchmarks\n\nWritten by `deno task bench` \(`bench\/run\.ts`\) on 2026-01-02: a CPU, 2 CPUs, linux x86_64; Deno 2\.9\.6, Node 20\.20\.2\. The whole run took 1\.5 minutes\./,
  );
  assert.ok(markdown.indexOf("## `@atomiton/events`") < markdown.indexOf("## `@atomiton/storage`"));
  assert.doesNotMatch(markdown, /@atomiton\/platform/);
  assert.doesNotMatch(markdown, /## Start-up/);
  assert.ok(markdown.includes("- [`@atomiton/events`](#atomitonevents)\n"));
  const events = markdown.slice(markdown.indexOf("## `@atomiton/events`"));
  assert.ok(
    events.includes(
      [
        "From [`bench/events_compare.ts`](../bench/events_compare.ts), on Deno, Node.",
        "",
        "| case | library | Deno | ours ÷ it | Node | ours ÷ it |",
        "|---|---|---:|---:|---:|---:|",
        "| emit, one listener | **@atomiton/events** | 2.00 M/s | ours | 1.00 M/s | ours |",
        "|  | mitt | 1.00 M/s | 2.00× | 4.00 M/s | 0.25× |",
        "",
        "![@atomiton/events: emit, one listener](bench/events-emit-one-listener.svg)",
      ].join("\n"),
    ),
  );
  assert.ok(markdown.includes("| memory get | **@atomiton/storage** | 500.0 k/s | ours |\n"));
  // A package measured by two files gets a table per file, each with its own runtimes.
  const browser = renderPage({
    generatedAt: new Date(),
    machine: "m",
    versions: {},
    records: [
      record(
        "chromium",
        "idb get",
        "ours",
        2,
        1,
        "@atomiton/storage",
        "storage_browser_compare.ts",
      ),
      record("deno", "memory get", "ours", 4, 1, "@atomiton/storage", "storage_compare.ts"),
    ],
    startup: [],
    packages: [],
  }).markdown;
  assert.ok(
    browser.includes(
      "From [`bench/storage_compare.ts`](../bench/storage_compare.ts), on Deno.\n\n" +
        "| case | library | Deno | ours ÷ it |\n",
    ),
  );
  assert.ok(
    browser.indexOf("storage_compare.ts`](") < browser.indexOf("storage_browser_compare.ts`]("),
  );
  assert.ok(browser.includes("on Chromium.\n\n| case | library | Chromium | ours ÷ it |\n"));
  assert.deepEqual([...charts.keys()], ["events-emit-one-listener.svg", "storage-memory-get.svg"]);
  assert.match(charts.get("events-emit-one-listener.svg")!, />4\.00 M\/s<\/text>/);
  assert.ok(markdown.endsWith("\n") && !markdown.includes("\n\n\n"));
});

Deno.test("renderPage() shows start-up over the baseline with its verdict and a chart with the budget", () => {
  const { markdown, charts } = renderPage({
    generatedAt: new Date("2026-01-02T00:00:00Z"),
    machine: "m",
    versions: { deno: "2.9.6" },
    records: [{
      package: "@atomiton/platform",
      file: "startup.ts",
      runtime: "deno",
      group: "import and first use",
      name: "@atomiton/platform",
      opsPerSecond: 500,
      ratio: 1,
      ms: 2,
    }, {
      package: "@atomiton/platform",
      file: "startup.ts",
      runtime: "deno",
      group: "import and first use",
      name: "std-env",
      opsPerSecond: 50,
      ratio: 10,
      ms: 20,
    }],
    startup: STARTUP,
    packages: ["@atomiton/platform"],
  });
  assert.ok(
    markdown.includes(
      [
        "| | Deno | Node |",
        "|---|---:|---:|",
        "| `atomiton --version` | 12.0 ms **over** | 7.0 ms |",
        "| `import @atomiton/platform` | 0.8 ms | 11.1 ms (noisy: over in the median only) |",
        "| baseline: empty process | 16.0 ms | 60.0 ms |",
        "| baseline: empty import | 0.1 ms | 1.4 ms |",
        "",
        "![Start-up over the baseline](bench/startup.svg)",
      ].join("\n"),
    ),
  );
  assert.match(markdown, /Fresh processes, the median of 15 each/);
  assert.ok(markdown.includes("- [Start-up](#start-up)\n"));
  assert.ok(markdown.includes("[`bench/startup.ts`](../bench/startup.ts) (fresh processes)"));
  assert.ok(markdown.includes("|  | std-env | 20.0 ms | 10.0× |"));
  assert.match(charts.get("startup.svg")!, />budget 10 ms<\/text>/);
  assert.match(charts.get("platform-import-and-first-use.svg")!, /shorter is faster/);
});

Deno.test("renderPage() shows each import over an empty package where that was measured", () => {
  const floor = {
    name: EMPTY_PACKAGE,
    kind: "import" as const,
    medianMs: 9.5,
    minMs: 9,
    overMs: 8.1,
    bestOverMs: 7.6,
    status: "ok" as const,
  };
  const [deno, node] = STARTUP as [StartupReport, StartupReport];
  const { markdown } = renderPage({
    generatedAt: new Date("2026-01-02T00:00:00Z"),
    machine: "m",
    versions: { deno: "2.9.6" },
    records: [],
    startup: [deno, { ...node, timings: [...node.timings, floor] }],
    packages: [],
  });
  // 12.5 ms for the platform against 9.5 ms for the empty package; Deno measured no floor.
  assert.ok(markdown.includes(
    "| `import @atomiton/platform` | 0.8 ms | 11.1 ms (noisy: over in the median only); " +
      "3.0 ms over an empty package |",
  ));
  assert.ok(markdown.includes(`| \`${EMPTY_PACKAGE}\` |  | 8.1 ms |`));
  assert.ok(markdown.includes("`atomiton --version` | 12.0 ms **over** | 7.0 ms |"));
});
