// The example flows of examples/flows/ run as documented: every node type, on Deno and on Node.js,
// with real files, a real local HTTP server, real processes and real images.
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { bundleEntry, runOnNode } from "../scripts/testing/bundle.ts";
import { assertPrototypeClean } from "../scripts/testing/hostile.ts";
import { builtinNodeTypes } from "./builtin_node_types.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { validateBlueprint } from "./validate_blueprint.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";

const EXAMPLES = new URL("../examples/flows/", import.meta.url);
const FLOWS = ["every-node.flow.yaml", "http.flow.yaml"];
const WITH_SERVER = new URL("with-server.ts", EXAMPLES).pathname;

type Outputs = Record<string, unknown>;
type Json = Record<string, unknown>;

/** A copy of examples/flows (flows and data, not out/) in a fresh folder: runs write there. */
async function copyExamples(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-flow-examples-" });
  await Deno.mkdir(join(dir, "data"));
  for await (const entry of Deno.readDir(new URL("data/", EXAMPLES))) {
    await Deno.copyFile(new URL(`data/${entry.name}`, EXAMPLES), join(dir, "data", entry.name));
  }
  for (const flow of FLOWS) await Deno.copyFile(new URL(flow, EXAMPLES), join(dir, flow));
  return dir;
}

/** Every `type` in a flow's nodes, containers' children included. */
function typesIn(nodes: { type: string; nodes?: unknown[] }[]): string[] {
  return nodes.flatMap((node) => [
    node.type,
    ...typesIn((node.nodes ?? []) as { type: string; nodes?: unknown[] }[]),
  ]);
}

/** The pixel at (x, y) of a PNG, as [r, g, b, a]. */
async function pixel(path: string, x: number, y: number): Promise<number[]> {
  const sharp = (await import("sharp")).default;
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  const at = (y * info.width + x) * 4;
  return [...data.subarray(at, at + 4)];
}

const RANKED = [
  { name: "Ada", team: "red", score: 91 },
  { name: "Margaret", team: "blue", score: 88 },
  { name: "Grace", team: "blue", score: 78 },
  { name: "Alan", team: "green", score: 73 },
];
const BY_TEAM = {
  red: [RANKED[0]],
  blue: [RANKED[1], RANKED[2]],
  green: [RANKED[3]],
};
const PODIUM = ["ADA (RED): 91", "MARGARET (BLUE): 88", "GRACE (BLUE): 78"];

/** What every-node.flow.yaml's nodes output and write, run in `dir` (on any runtime). */
async function assertEveryNode(outputs: Outputs, dir: string): Promise<void> {
  const out = (name: string): string => join(dir, "out", name);
  const read = outputs["read-scores"] as Json;
  assert.equal(read.rowCount, 6);
  assert.deepEqual(read.headers, ["name", "team", "score"]);
  // transform: unique, map, filter, sort, reduce, limit, group, flatten.
  assert.equal((outputs.dedupe as unknown[]).length, 5);
  assert.deepEqual(outputs.ranked, RANKED);
  assert.equal(outputs.total, 91 + 88 + 78 + 73);
  assert.deepEqual(outputs.podium, RANKED.slice(0, 3));
  // spreadsheet: the XLSX written and read back keeps the numbers as numbers.
  assert.deepEqual(outputs["write-xlsx"], {
    path: out("ranked.xlsx"),
    format: "xlsx",
    rowCount: 4,
    size: (await Deno.stat(out("ranked.xlsx"))).size,
  });
  assert.deepEqual(
    (await Deno.readFile(out("ranked.xlsx"))).subarray(0, 2),
    Uint8Array.of(0x50, 0x4b),
  );
  const back = outputs["read-xlsx"] as Json;
  assert.deepEqual([back.records, back.sheetName], [RANKED, "Ranked"]);
  assert.deepEqual(outputs["by-team"], BY_TEAM);
  // edit-fields, then file-system write, copy and read.
  const summary = JSON.parse(await Deno.readTextFile(out("summary.json")));
  assert.deepEqual({ ...summary, generatedAt: "" }, {
    ...BY_TEAM,
    title: "Scores by team",
    generatedAt: "",
  });
  assert.match(summary.generatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(outputs.summary, summary);
  assert.equal(await Deno.readTextFile(out("backup/summary.json")), JSON.stringify(summary));
  assert.equal((outputs["read-backup"] as Json).content, JSON.stringify(summary));
  // loop over a group: one line per winner, in order; flattened and written one a line.
  assert.deepEqual(outputs.cards, PODIUM.map((line) => [line]));
  assert.deepEqual(outputs.lines, PODIUM);
  assert.equal(await Deno.readTextFile(out("podium.txt")), PODIUM.join("\n"));
  // parallel: shell-command's and image's outputs, in the children's order.
  const [count, badge] = outputs["side-jobs"] as [Json, Json];
  assert.deepEqual([count.exitCode, count.stdout, count.stderr], [0, "7 data/scores.csv\n", ""]);
  assert.deepEqual([badge.path, badge.width, badge.height, badge.format], [
    out("badge.png"),
    32,
    32,
    "png",
  ]);
  // data/badge.png (half-transparent blue, 16x16) lies over the orange tile's bottom-right quarter.
  assert.deepEqual(await pixel(out("badge.png"), 15, 15), [255, 140, 0, 255]);
  const [r, g, b, a] = await pixel(out("badge.png"), 16, 16);
  assert.ok(
    r! > 100 && r! < 160 && g! > 50 && g! < 90 && b! > 100 && b! < 160 && a === 255,
    `${[r, g, b, a]}`,
  );
  assert.deepEqual((outputs["list-out"] as Json).entries, [
    "backup",
    "backup/summary.json",
    "badge.png",
    "podium.txt",
    "ranked.xlsx",
    "summary.json",
  ]);
  assert.deepEqual(outputs["badge-exists"], {
    path: out("badge.png"),
    exists: true,
    isFile: true,
    isDirectory: false,
  });
}

const BEST = [{ name: "Ada", score: 91 }, { name: "Margaret", score: 88 }];

/** What http.flow.yaml's nodes output and write, against with-server.ts's server. */
async function assertHttp(outputs: Outputs, dir: string): Promise<void> {
  const get = outputs["get-scores"] as Json;
  assert.equal(get.status, 200);
  assert.equal((get.headers as Json)["content-type"], "application/json");
  assert.equal((get.body as unknown[]).length, 3);
  assert.deepEqual(outputs.best, BEST);
  const answer = { received: BEST, sentBy: "atomiton-example" };
  assert.deepEqual((outputs["post-best"] as Json).body, answer);
  assert.deepEqual(
    JSON.parse(await Deno.readTextFile(join(dir, "out", "http-answer.json"))),
    answer,
  );
}

/** Runs with-server.ts's output line: `{ status, outputs }`. */
function parseRun(code: number, stdout: string, stderr: string): Outputs {
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  const { status, outputs } = JSON.parse(stdout.trim().split("\n").at(-1)!);
  assert.equal(status, "completed");
  return outputs;
}

Deno.test("flow examples: the flows together use every node type, and each validates", async () => {
  const found = [];
  for await (const entry of Deno.readDir(EXAMPLES)) {
    if (entry.name.endsWith(".flow.yaml")) found.push(entry.name);
  }
  assert.deepEqual(found.sort(), FLOWS, "a new example flow needs its run tested here");
  const used = new Set<string>();
  for (const name of FLOWS) {
    const url = new URL(name, EXAMPLES);
    const text = await Deno.readTextFile(url);
    await validateBlueprint(text, { baseUrl: url.pathname });
    for (const type of typesIn(parse(text).nodes)) used.add(type);
  }
  assert.deepEqual([...used].sort(), builtinNodeTypes().map((type) => type.type).sort());
});

Deno.test("flow examples: every-node.flow.yaml runs on Deno through the worker pool", async () => {
  const dir = await copyExamples();
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const path = join(dir, "every-node.flow.yaml");
    const blueprint = await validateBlueprint(await Deno.readTextFile(path), { baseUrl: path });
    const result = await runBlueprint(blueprint, { executor }).result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    await assertEveryNode(Object.fromEntries(result.outputs), dir);
    // A second run replaces what the first wrote (overwrite: true) and finds the same.
    const again = await runBlueprint(blueprint, { executor }).result;
    assert.equal(again.status, "completed", JSON.stringify(again.error));
    await assertEveryNode(Object.fromEntries(again.outputs), dir);
  } finally {
    await executor.close?.();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flow examples: with-server.ts runs http.flow.yaml against its own server on Deno", async () => {
  const dir = await copyExamples();
  try {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", WITH_SERVER, join(dir, "http.flow.yaml")],
      cwd: new URL("..", import.meta.url).pathname, // the workspace: @atomiton/conductor from source
      stdin: "null",
    }).output();
    const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
    await assertHttp(parseRun(code, decode(stdout), decode(stderr)), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flow examples: the example flows and the __proto__ flow run end to end on Node.js (bundled with the node library)", async () => {
  const dir = await copyExamples();
  try {
    // The node library sits beside the bundle as ./nodes/mod.js, where the conductor looks for it;
    // npm packages (yaml, sharp, papaparse, SheetJS) load from this workspace's node_modules.
    const bin = join(dir, "bin");
    await Deno.mkdir(bin);
    await Deno.symlink(
      new URL("../node_modules", import.meta.url).pathname,
      join(bin, "node_modules"),
    );
    const script = await bundleEntry(WITH_SERVER, {
      platform: "node",
      outfile: join(bin, "with-server.mjs"),
    });
    await bundleEntry(new URL("./nodes/mod.ts", import.meta.url).pathname, {
      platform: "node",
      outfile: join(bin, "nodes", "mod.js"),
    });
    const http = await runOnNode(script, [join(dir, "http.flow.yaml")]);
    await assertHttp(parseRun(http.code, http.stdout, http.stderr), dir);
    await Deno.remove(join(dir, "out"), { recursive: true });
    const every = await runOnNode(script, [join(dir, "every-node.flow.yaml")]);
    await assertEveryNode(parseRun(every.code, every.stdout, every.stderr), dir);
    await Deno.writeTextFile(join(dir, "hostile.flow.yaml"), HOSTILE_FLOW);
    const hostile = await runOnNode(script, [join(dir, "hostile.flow.yaml")]);
    await assertHostile(parseRun(hostile.code, hostile.stdout, hostile.stderr), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flow examples: a group inside a forEach loop runs its two nodes once per item, results in order", async () => {
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const blueprint = await validateBlueprint(
      {
        type: "group",
        nodes: [{
          id: "each",
          type: "loop",
          parameters: { array: ["ada", "grace", "alan"], concurrency: 3 },
          nodes: [{
            id: "card",
            type: "group",
            nodes: [
              {
                id: "wrap",
                type: "edit-fields",
                parameters: { values: { who: "{{$input}}" }, keepOnlySet: true },
              },
              {
                id: "shout",
                type: "transform",
                parameters: { transformFunction: "item => item.who.toUpperCase() + '!'" },
              },
            ],
            edges: [{ source: "wrap", target: "shout" }],
          }],
        }],
      },
      { runtime: "deno" },
    );
    const run = runBlueprint(blueprint, { executor });
    const completed: string[] = [];
    for await (const event of run) {
      const data = event.data as { nodeId?: string; status?: string };
      if (event.type === "execution:node-progress" && data.status === "completed") {
        completed.push(data.nodeId!);
      }
    }
    const result = await run.result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    // Each item went through both nodes of the group: edit-fields wrapped it, transform shouted it.
    assert.deepEqual(result.outputs.get("each"), [["ADA!"], ["GRACE!"], ["ALAN!"]]);
    const items = [0, 1, 2];
    assert.deepEqual(
      [...completed].sort(),
      [
        "each",
        ...items.flatMap((i) => ["card", "card/shout", "card/wrap"].map((n) => `each/${i}/${n}`)),
      ]
        .sort(),
    );
    for (const i of items) {
      const at = (node: string): number => completed.indexOf(`each/${i}/card/${node}`);
      assert.ok(at("wrap") < at("shout"), `item ${i}: wrap feeds shout, so it finished first`);
    }
  } finally {
    await executor.close?.();
  }
});

const HOSTILE_FLOW = `
type: group
nodes:
  - id: sheet
    type: spreadsheet
    parameters:
      data: "__proto__,constructor,name\\ncsv-proto,csv-ctor,Ada\\n"
    outputPorts: [{ id: output }, { id: records }]
  - id: first
    type: transform
    parameters:
      operation: reduce
      transformFunction: "({ acc, item }) => acc ?? item"
      reduceInitial: "null"
  - id: edit
    type: edit-fields
    parameters:
      values:
        __proto__: "from {{name}}"
        copied: "{{__proto__}}"
        toString: data too
  - id: save
    type: file-system
    parameters: { operation: write, path: hostile.json }
edges:
  - { source: sheet, sourceHandle: records, target: first }
  - { source: first, target: edit }
  - { source: edit, target: save }
`;

/** What HOSTILE_FLOW outputs and writes, run in `dir`: every `__proto__` an own data field. */
async function assertHostile(outputs: Outputs, dir: string): Promise<void> {
  const sheet = outputs.sheet as Json;
  assert.deepEqual(sheet.headers, ["__proto__", "constructor", "name"]);
  const row = (sheet.records as Json[])[0]!;
  assert.deepEqual(Object.entries(row), [
    ["__proto__", "csv-proto"],
    ["constructor", "csv-ctor"],
    ["name", "Ada"],
  ]);
  const expected = [
    ["__proto__", "from Ada"],
    ["constructor", "csv-ctor"],
    ["name", "Ada"],
    ["copied", "csv-proto"],
    ["toString", "data too"],
  ];
  assert.deepEqual(Object.entries(outputs.edit as Json), expected);
  const written = JSON.parse(await Deno.readTextFile(join(dir, "hostile.json")));
  assert.deepEqual(Object.entries(written), expected);
}

Deno.test("flow examples: __proto__ as a spreadsheet header and an edit-fields field stays data", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-flow-hostile-" });
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const blueprint = await validateBlueprint(HOSTILE_FLOW, {
      baseUrl: join(dir, "hostile.flow.yaml"),
    });
    const result = await runBlueprint(blueprint, { executor }).result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    await assertHostile(Object.fromEntries(result.outputs), dir);
    assertPrototypeClean();
  } finally {
    await executor.close?.();
    await Deno.remove(dir, { recursive: true });
  }
});
