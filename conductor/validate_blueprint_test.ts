import assert from "node:assert/strict";
import { createBlueprintStore } from "@atomiton/store";
import { ConductorError } from "./conductor_error.ts";
import fc from "fast-check";
import {
  assertPrototypeClean,
  deeplyNested,
  HOSTILE_NUMBERS,
  hostileNumber,
  hostileString,
  PROTOTYPE_KEYS,
} from "../scripts/testing/hostile.ts";
import { validateBlueprint } from "./validate_blueprint.ts";

const TASKS = new URL("./testdata/validate/tasks.js", import.meta.url).href;
const FILE = new URL("./testdata/validate/example.json", import.meta.url);
const task = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  data: { module: TASKS, ...extra },
});

async function problems(source: unknown, url: string | URL | null = FILE): Promise<string> {
  const error = await validateBlueprint(source, { baseUrl: url ?? undefined }).then(
    () => assert.fail("expected the blueprint to be refused"),
    (error) => error,
  );
  assert.ok(error instanceof ConductorError, String(error));
  assert.equal(error.code, "INVALID_BLUEPRINT");
  return error.message;
}

Deno.test("validateBlueprint() fills in defaults and resolves modules against the file", async () => {
  const blueprint = await validateBlueprint(
    JSON.stringify({
      nodes: [
        { id: "load", data: { module: "./tasks.js", export: "constant", input: { value: 1 } } },
        { id: "sum", label: "Add up", data: { module: "tasks.js", export: "sum" } },
        { id: "other", type: "custom", position: { x: 5, y: 6 }, data: { module: TASKS } },
      ],
      edges: [{ source: "load", target: "sum" }, {
        id: "e2",
        source: "load",
        target: "other",
        sourceHandle: "x",
        targetHandle: "y",
      }],
    }),
    { baseUrl: FILE },
  );
  assert.equal(blueprint.id, "example");
  assert.equal(blueprint.baseUrl, FILE.href);
  assert.equal(blueprint.name, "example");
  assert.equal(blueprint.version, "1.0.0");
  assert.deepEqual(blueprint.nodes, [
    {
      id: "load",
      type: "task",
      position: { x: 0, y: 0 },
      data: { module: TASKS, export: "constant", input: { value: 1 } },
    },
    {
      id: "sum",
      type: "task",
      position: { x: 240, y: 0 },
      data: { module: TASKS, export: "sum" },
      label: "Add up",
    },
    { id: "other", type: "custom", position: { x: 5, y: 6 }, data: { module: TASKS } },
  ]);
  assert.deepEqual(blueprint.edges, [
    { id: "load->sum", source: "load", target: "sum" },
    { id: "e2", source: "load", target: "other", sourceHandle: "x", targetHandle: "y" },
  ]);
  // What it returns is what the blueprint store takes.
  const stored = createBlueprintStore().getState().add(blueprint);
  assert.equal(stored.nodes.length, 3);
});

Deno.test("validateBlueprint() keeps the blueprint's own fields and takes an object", async () => {
  const blueprint = await validateBlueprint({
    id: "bp",
    name: "Named",
    description: "does things",
    version: "2.0.0",
    author: "me",
    tags: ["a"],
    metadata: { owner: "ops" },
    nodes: [task("a")],
  });
  assert.deepEqual(
    { ...blueprint, nodes: undefined },
    {
      id: "bp",
      name: "Named",
      description: "does things",
      version: "2.0.0",
      author: "me",
      tags: ["a"],
      metadata: { owner: "ops" },
      nodes: undefined,
      edges: [],
      baseUrl: "",
    },
  );
  // Without a file URL, the id is "blueprint".
  assert.equal((await validateBlueprint({ nodes: [task("a")] })).id, "blueprint");
});

Deno.test("validateBlueprint() refuses text that is not JSON", async () => {
  assert.match(
    await problems("{ nodes: [ }"),
    /^Invalid blueprint .*example\.json: it is not JSON \(/,
  );
});

Deno.test("validateBlueprint() refuses the wrong shape and says what is expected", async () => {
  assert.match(await problems([1, 2]), /expected a JSON object with "nodes" .* got an array/);
  assert.match(await problems(null), /got null/);
  assert.match(await problems({ edges: [] }), /"nodes" must be an array .* got nothing/);
  assert.match(await problems({ nodes: [], edges: {} }), /"edges" must be an array/);
  assert.match(
    await problems({ nodes: [] }),
    /"nodes" is empty: a blueprint needs at least one node/,
  );
  const fields = await problems({
    nodes: [task("a")],
    name: 3,
    tags: [1],
    metadata: [],
  });
  assert.match(fields, /"name" must be a string, got 3/);
  assert.match(fields, /"tags" must be an array of strings/);
  assert.match(fields, /"metadata" must be an object, got an array/);
});

Deno.test("validateBlueprint() names each bad node and what it must be", async () => {
  const message = await problems({
    nodes: [
      "a",
      { data: { module: TASKS } },
      { id: "", data: { module: TASKS } },
      { id: "x\ny", data: { module: TASKS } },
      { id: "t", type: 5, label: "", position: { x: 1 }, data: { module: TASKS } },
      { id: "nodata" },
      { id: "top", module: "./tasks.js", input: 1 },
      { id: "both", module: "./tasks.js", data: { module: TASKS } },
      { id: "exp", data: { module: TASKS, export: 3 } },
      { id: "exp2", data: { module: TASKS, export: "" } },
      { id: "time", data: { module: TASKS, timeout: 0.5 } },
      { id: "mod", data: { module: 7 } },
    ],
  });
  for (
    const expected of [
      /nodes\[0\] must be an object \{ "id", "data": \{ "module" \} \}, got "a"/,
      /nodes\[1\]: "id" must be a non-empty string, got nothing/,
      /nodes\[2\]: "id" must be a non-empty string, got ""/,
      /nodes\[3\]: "id" must be 1 to 200 characters without control characters/,
      /node "t": "type" must be a non-empty string, got 5/,
      /node "t": "label" must be a non-empty string, got ""/,
      /node "t": "position" must be \{ "x": number, "y": number \}/,
      /node "nodata": "data" must be an object naming its task module: \{ "data": \{ "module": "\.\/task\.js" \} \}, got nothing/,
      /node "top": "module", "input" belong in "data"/,
      /node "both": "module" belong in "data"/,
      /node "exp": "data\.export" must be the name of a function export, such as "default" or "transform", got 3/,
      /node "exp2": "data\.export" must be the name of a function export/,
      /node "time": "data\.timeout" must be a whole number of ms from 1 to 2147483647, got 0\.5/,
      /node "mod": "data\.module" must be a path relative to the blueprint file or an absolute file:, http:, https: or data: URL, got 7/,
    ]
  ) assert.match(message, expected);
  assert.match(message, /, 14 problems:\n {2}- /);
});

Deno.test("validateBlueprint() refuses a node id used twice", async () => {
  assert.match(
    await problems({ nodes: [task("a"), task("b"), task("a")] }),
    /: node "a": the id is used by nodes\[0\] and nodes\[2\]; node ids must be unique\.$/,
  );
});

Deno.test("validateBlueprint() refuses an edge to a node that does not exist", async () => {
  const message = await problems({
    nodes: [task("load"), task("sum")],
    edges: [{ source: "lod", target: "sum" }, { id: "e2", source: "sum", target: "nowhere" }],
  });
  assert.match(
    message,
    /edge "lod->sum": source "lod" is not a node \(did you mean "load"\?\); nodes: "load", "sum"/,
  );
  assert.match(message, /edge "e2": target "nowhere" is not a node; nodes: "load", "sum"/);
});

Deno.test("validateBlueprint() refuses malformed edges", async () => {
  const message = await problems({
    nodes: [task("a"), task("b")],
    edges: [
      3,
      { source: "a" },
      { source: "a", target: "b", sourceHandle: 1 },
      { source: "a", target: "b", targetHandle: "" },
      { id: 5, source: "a", target: "b" },
      { id: "same", source: "a", target: "b", targetHandle: "x" },
      { id: "same", source: "a", target: "b", targetHandle: "y" },
      { source: "b", target: "a", targetHandle: "p" },
      { source: "b", target: "a", targetHandle: "q" },
    ],
  });
  for (
    const expected of [
      /edges\[0\] must be an object \{ "source", "target" \}, got 3/,
      /edges\[1\]: "target" must be a non-empty string, got nothing/,
      /edges\[2\]: "sourceHandle" must be a non-empty string, got 1/,
      /edges\[3\]: "targetHandle" must be a non-empty string, got ""/,
      /edges\[4\]: "id" must be a non-empty string, got 5/,
      /edge "same": the id is used twice; edge ids must be unique/,
      /edge "b->a": two edges join "b" to "a"; give them ids and different "targetHandle"s/,
    ]
  ) assert.match(message, expected);
});

Deno.test("validateBlueprint() refuses modules that cannot be found", async () => {
  const message = await problems({
    nodes: [
      { id: "missing", data: { module: "./no-such-task.js" } },
      { id: "folder", data: { module: "./" } },
      { id: "npm", data: { module: "npm:left-pad" } },
      { id: "broken", data: { module: "http://" } },
    ],
  });
  const missing = new URL("./testdata/validate/no-such-task.js", import.meta.url).pathname;
  assert.ok(
    message.includes(
      `node "missing": module "./no-such-task.js" does not exist (looked for ${missing}); ` +
        "it must be a path relative to the blueprint file",
    ),
    message,
  );
  assert.match(
    message,
    /node "folder": module "\.\/" is a folder \(.*testdata\/validate\/?\), not a file/,
  );
  assert.match(
    message,
    /node "npm": module "npm:left-pad" must be a path relative to the blueprint/,
  );
  assert.match(message, /node "broken": module "http:\/\/" is not a valid URL/);
  // Relative paths need the file's URL; other URLs are not looked for.
  assert.match(
    await problems({ nodes: [{ id: "rel", data: { module: "./x.js" } }] }, null),
    /node "rel": module "\.\/x\.js" is relative, but the blueprint has no file URL/,
  );
  const unchecked = await validateBlueprint(
    {
      nodes: [{ id: "a", data: { module: "./later.js" } }, {
        id: "b",
        data: { module: "https://example.com/t.js" },
      }],
    },
    { baseUrl: FILE.pathname, checkModules: false, allowRemoteModules: true },
  );
  assert.equal(unchecked.nodes[0]!.data!.module, new URL("./later.js", FILE).href);
  assert.equal(unchecked.nodes[1]!.data!.module, "https://example.com/t.js");
  const absolute = await validateBlueprint({
    nodes: [{ id: "a", data: { module: FILE.pathname } }],
  }, {
    checkModules: false,
  });
  assert.equal(absolute.nodes[0]!.data!.module, FILE.href);
});

Deno.test("validateBlueprint() names the nodes of each cycle", async () => {
  const message = await problems({
    nodes: ["start", "a", "b", "c", "d", "self", "after"].map((id) => task(id)),
    edges: [
      { source: "start", target: "a" },
      { source: "a", target: "b" },
      { source: "b", target: "c" },
      { source: "c", target: "a" },
      { source: "c", target: "after" },
      { source: "self", target: "self" },
      { source: "d", target: "d", targetHandle: "again" },
    ],
  });
  assert.match(
    message,
    /cycle: "a" → "b" → "c" → "a"; a node cannot wait for its own output, remove one of these edges/,
  );
  assert.match(message, /cycle: "d" → "d"/);
  assert.match(message, /cycle: "self" → "self"/);
  assert.match(message, /, 3 problems:/);
});

Deno.test("validateBlueprint() refuses two edges filling one input key", async () => {
  const message = await problems({
    nodes: [task("a"), task("b"), task("c", { input: { b: 1 } }), task("d", { input: [1] })],
    edges: [
      { id: "one", source: "a", target: "d", targetHandle: "k" },
      { id: "two", source: "b", target: "d", targetHandle: "k" },
      { id: "three", source: "b", target: "c" },
    ],
  });
  assert.match(
    message,
    /node "d": edges "one" and "two" both fill its input key "k"; give one of them another "targetHandle"/,
  );
  assert.match(
    message,
    /edge "three" fills input key "b" of node "c", which its "data\.input" already sets/,
  );
  assert.match(
    message,
    /node "d": "data\.input" must be an object \(or absent\) when edges feed it/,
  );
});

Deno.test("validateBlueprint() refuses network modules unless allowed", async () => {
  const remote = { nodes: [{ id: "far", data: { module: "https://example.com/t.js" } }] };
  assert.match(
    await problems(remote),
    /node "far": module "https:\/\/example\.com\/t\.js" is on the network: loading code from it needs --allow-remote-modules/,
  );
  assert.match(
    await problems({ nodes: [{ id: "rel", data: { module: "./t.js" } }] }, "http://example.com/"),
    /node "rel": module "\.\/t\.js" is on the network/,
  );
  const allowed = await validateBlueprint(remote, { allowRemoteModules: true });
  assert.equal(allowed.nodes[0]!.data!.module, "https://example.com/t.js");
});

Deno.test("validateBlueprint() states its nesting and size limits", async () => {
  const nested = (depth: number) => JSON.parse(deeplyNested(depth, "object"));
  // A node's input nests at most 60 levels (64 from the top object).
  const within = await validateBlueprint({ nodes: [task("a", { input: nested(60) })] });
  assert.equal(within.nodes.length, 1);
  for (const input of [nested(61), deeplyNested(100_000)]) {
    const source = typeof input === "string"
      ? `{"nodes":[{"id":"a","data":{"module":"${TASKS}","input":${input}}}]}`
      : { nodes: [task("a", { input })] };
    assert.match(
      await problems(source),
      /: "nodes\[0\]" nests deeper than 64 levels from the top; a blueprint nests at most 64 \(a node's "data\.input" at most 60, less inside an inline sub-blueprint\)\.$/,
    );
  }
  assert.match(
    await problems(`{"nodes":[],"metadata":${deeplyNested(100_000, "object")}}`),
    /"metadata" nests deeper than 64 levels/,
  );
  const many = Array.from({ length: 10_001 }, (_, i) => task(`n${i}`));
  assert.match(await problems({ nodes: many }), /it has 10001 nodes; the most is 10000/);
  assert.match(
    await problems(" ".repeat(64 * 1024 * 1024 + 1)),
    /it is 67108865 characters long; a blueprint holds at most 67108864/,
  );
});

// Resolves to a blueprint or rejects with the typed error: never a crash, never a polluted prototype.
async function validatesOrRefuses(source: unknown): Promise<void> {
  try {
    const valid = await validateBlueprint(source, { baseUrl: FILE, checkModules: false });
    assert.ok(valid.nodes.length > 0);
  } catch (error) {
    assert.ok(error instanceof ConductorError && error.code === "INVALID_BLUEPRINT", String(error));
  }
  assertPrototypeClean();
}

Deno.test("validateBlueprint() fuzzed: random JSON only ever validates or is refused", async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), (value) => validatesOrRefuses(value)),
    { numRuns: 300 },
  );
  await fc.assert(
    fc.asyncProperty(fc.json(), (text) => validatesOrRefuses(text)),
    { numRuns: 300 },
  );
});

Deno.test("validateBlueprint() fuzzed: hostile ids, handles, numbers and nesting", async () => {
  const key = hostileString();
  const anything = fc.oneof(fc.jsonValue(), hostileNumber(), key);
  const blueprint = fc.record({
    nodes: fc.array(
      fc.record({
        id: key,
        position: fc.record({ x: hostileNumber(), y: hostileNumber() }),
        data: fc.record({
          module: fc.constantFrom("./tasks.js", "data:text/javascript,", "http://x/t.js"),
          export: fc.oneof(key, anything),
          timeout: fc.oneof(hostileNumber(), anything),
          input: fc.oneof(fc.dictionary(key, anything), anything),
        }, { requiredKeys: ["module"] }),
      }, { requiredKeys: ["id"] }),
      { maxLength: 6 },
    ),
    edges: fc.array(
      fc.record({ source: key, target: key, sourceHandle: key, targetHandle: key, id: key }, {
        requiredKeys: ["source", "target"],
      }),
      { maxLength: 6 },
    ),
    metadata: fc.dictionary(key, anything),
  }, { requiredKeys: ["nodes"] });
  await fc.assert(fc.asyncProperty(blueprint, (value) => validatesOrRefuses(value)), {
    numRuns: 500,
  });
  for (const id of PROTOTYPE_KEYS) {
    await validatesOrRefuses(
      `{"nodes":[{"id":${JSON.stringify(id)},"data":{"module":"./t.js","input":{"${id}":1}}}],` +
        `"${id}":{"polluted":true},"metadata":{"__proto__":{"polluted":true}}}`,
    );
  }
  for (const depth of [63, 64, 65, 100_000]) {
    await validatesOrRefuses(deeplyNested(depth));
    await validatesOrRefuses(
      `{"nodes":[{"id":"a","data":{"module":"./t.js","input":${deeplyNested(depth, "object")}}}]}`,
    );
  }
});

Deno.test("validateBlueprint() keeps retry, onError and map, and refuses '/' in node ids", async () => {
  const retry = { maxAttempts: 3, minDelay: 0, maxDelay: 10, multiplier: 1.5, jitter: 0.5 };
  const valid = await validateBlueprint({
    nodes: [task("each", { retry, onError: "continue", map: "items", input: { items: [1, 2] } })],
  }, { baseUrl: FILE });
  assert.deepEqual(valid.nodes[0]!.data, {
    module: TASKS,
    retry,
    onError: "continue",
    map: "items",
    input: { items: [1, 2] },
  });
  assert.equal(
    (await validateBlueprint({ nodes: [task("a", { onError: "fail" })] })).nodes.length,
    1,
  );
  assert.match(
    await problems({ nodes: [task("a/b")] }),
    /: nodes\[0\]: "id" "a\/b" contains "\/", which separates the node ids of sub-blueprints \("parent\/child"\); use another character\.$/,
  );
});

Deno.test("validateBlueprint() names each bad retry field and what is allowed", async () => {
  const cases: [unknown, RegExp][] = [
    [
      5,
      /"data\.retry" must be an object \{ "maxAttempts", "minDelay", "maxDelay", "multiplier", "jitter" \}, each optional, got 5/,
    ],
    [[], /"data\.retry" must be an object .* got an array/],
    [null, /"data\.retry" must be an object .* got null/],
    [{ maxAttempts: 0 }, /"data\.retry\.maxAttempts" must be a whole number from 1 to 100, got 0/],
    [
      { maxAttempts: 1.5 },
      /"data\.retry\.maxAttempts" must be a whole number from 1 to 100, got 1\.5/,
    ],
    [
      { maxAttempts: 101 },
      /"data\.retry\.maxAttempts" must be a whole number from 1 to 100, got 101/,
    ],
    [{ maxAttempts: "3" }, /"data\.retry\.maxAttempts" must be .* got "3"/],
    [{ maxAttempts: NaN }, /"data\.retry\.maxAttempts" must be .* got NaN/],
    [
      { minDelay: -1 },
      /"data\.retry\.minDelay" must be a number of ms from 0 to 2147483647, got -1/,
    ],
    [{ minDelay: Infinity }, /"data\.retry\.minDelay" must be .* got Infinity/],
    [
      { maxDelay: 2 ** 31 },
      /"data\.retry\.maxDelay" must be a number of ms from 0 to 2147483647, got 2147483648/,
    ],
    [{ multiplier: 0.5 }, /"data\.retry\.multiplier" must be a finite number, 1 or more, got 0\.5/],
    [
      { multiplier: 1e400 },
      /"data\.retry\.multiplier" must be a finite number, 1 or more, got Infinity/,
    ],
    [{ jitter: 1.5 }, /"data\.retry\.jitter" must be a number from 0 to 1, got 1\.5/],
    [{ jitter: -0.1 }, /"data\.retry\.jitter" must be a number from 0 to 1, got -0\.1/],
    [
      { minDelay: 10, maxDelay: 5 },
      /"data\.retry\.maxDelay" \(5\) must be at least "minDelay" \(10\)/,
    ],
    [
      { maxAtempts: 3 },
      /"data\.retry" has no field "maxAtempts" \(did you mean "maxAttempts"\?\); it takes \{ "maxAttempts", /,
    ],
    [
      JSON.parse('{"__proto__":{"polluted":1}}'),
      /"data\.retry" has no field "__proto__"; it takes/,
    ],
  ];
  for (const [retry, expected] of cases) {
    assert.match(await problems({ nodes: [task("r", { retry })] }), expected);
    assert.match(await problems({ nodes: [task("r", { retry })] }), /: node "r": "data\.retry/);
  }
  assertPrototypeClean();
});

Deno.test("validateBlueprint() takes a retry number exactly when it is in range (hostile numbers)", async () => {
  const inRange = {
    maxAttempts: (n: number) => Number.isInteger(n) && n >= 1 && n <= 100,
    minDelay: (n: number) => n >= 0 && n <= 2147483647,
    jitter: (n: number) => n >= 0 && n <= 1,
    multiplier: (n: number) => n >= 1 && n < Infinity,
  };
  const check = async (field: keyof typeof inRange, n: number) => {
    const source = { nodes: [task("r", { retry: { [field]: n } })] };
    const accepted = await validateBlueprint(source).then(() => true, (error) => {
      assert.ok(error instanceof ConductorError && error.code === "INVALID_BLUEPRINT");
      return false;
    });
    assert.equal(accepted, inRange[field](n), `${field}: ${n}`);
  };
  for (const field of Object.keys(inRange) as (keyof typeof inRange)[]) {
    for (const n of HOSTILE_NUMBERS) await check(field, n);
    await fc.assert(fc.asyncProperty(hostileNumber(), (n) => check(field, n)), { numRuns: 100 });
  }
});

Deno.test("validateBlueprint() refuses a bad onError or map, and a map field nothing fills", async () => {
  const message = await problems({
    nodes: [
      task("stop", { onError: "stop" }),
      task("num", { map: 5 }),
      task("empty", { map: "" }),
      task("nothing", { map: "items" }),
      task("typo", { map: "itms", input: { items: [1] } }),
      task("scalar", { map: "items", input: { items: 3 } }),
      task("fed", { map: "rows" }),
      task("src"),
    ],
    edges: [{ source: "src", target: "fed", targetHandle: "rows" }],
  });
  for (
    const expected of [
      /node "stop": "data\.onError" must be "fail" \(the run fails\) or "continue" \(its error flows on as \{ "error": \{ "name", "message", "code" \} \}\), got "stop"/,
      /node "num": "data\.map" must name the input field whose array the task runs over, such as "items", got 5/,
      /node "empty": "data\.map" must name the input field .* got ""/,
      /node "nothing": "data\.map" names input field "items", which neither "data\.input" nor an edge fills; its input fields: none/,
      /node "typo": "data\.map" names input field "itms", which neither "data\.input" nor an edge fills \(did you mean "items"\?\); its input fields: "items"/,
      /node "scalar": "data\.map" names input field "items", which must hold an array; "data\.input" sets it to 3/,
    ]
  ) assert.match(message, expected);
  assert.doesNotMatch(message, /node "fed"/);
  assert.match(message, /, 6 problems:/);
});

Deno.test("validateBlueprint() wants exactly one of module and blueprint", async () => {
  const message = await problems({
    nodes: [
      task("both", { blueprint: { nodes: [task("x")] } }),
      { id: "neither", data: { input: 1 } },
    ],
  });
  assert.match(
    message,
    /node "both": "data" has both "module" and "blueprint"; a node runs one task module or one sub-blueprint, so remove one/,
  );
  assert.match(
    message,
    /node "neither": "data" must name its task: "module" \(a path relative to the blueprint file or an absolute file:, http:, https: or data: URL\) or "blueprint" \(a sub-blueprint: its file's path or URL, or a blueprint object\)/,
  );
});

Deno.test("validateBlueprint() fuzzed: hostile retry, onError, map and sub-blueprints only validate or are refused", async () => {
  const key = hostileString();
  const anything = fc.oneof(fc.jsonValue(), hostileNumber(), key);
  const retry = fc.oneof(
    anything,
    fc.dictionary(
      fc.oneof(key, fc.constantFrom("maxAttempts", "minDelay", "maxDelay")),
      hostileNumber(),
    ),
    fc.record({
      maxAttempts: hostileNumber(),
      minDelay: hostileNumber(),
      maxDelay: hostileNumber(),
      multiplier: hostileNumber(),
      jitter: hostileNumber(),
    }, { requiredKeys: [] }),
  );
  const node = (blueprint: fc.Arbitrary<unknown>) =>
    fc.record({
      id: key,
      data: fc.record({
        module: fc.constantFrom("./tasks.js", "data:text/javascript,", undefined),
        blueprint,
        retry,
        onError: fc.oneof(fc.constantFrom("fail", "continue"), anything),
        map: fc.oneof(key, anything),
        input: fc.oneof(fc.dictionary(key, anything), anything),
      }, { requiredKeys: [] }),
    }, { requiredKeys: ["id"] });
  const inline = fc.record({ nodes: fc.array(node(fc.constant(undefined)), { maxLength: 3 }) });
  const blueprint = fc.record({
    nodes: fc.array(
      node(fc.oneof(inline, key, fc.constantFrom("./child.json", "./missing.json"), anything)),
      { maxLength: 5 },
    ),
    edges: fc.array(
      fc.record({ source: key, target: key, sourceHandle: key, targetHandle: key }, {
        requiredKeys: ["source", "target"],
      }),
      { maxLength: 5 },
    ),
  }, { requiredKeys: ["nodes"] });
  const readText = (url: URL) =>
    url.pathname.endsWith("/child.json")
      ? Promise.resolve(JSON.stringify({ nodes: [task("c")] }))
      : Promise.reject(new Error("no such file"));
  await fc.assert(
    fc.asyncProperty(blueprint, async (value) => {
      try {
        await validateBlueprint(value, { baseUrl: FILE, checkModules: false, readText });
      } catch (error) {
        assert.ok(
          error instanceof ConductorError && error.code === "INVALID_BLUEPRINT",
          String(error),
        );
      }
      assertPrototypeClean();
    }),
    { numRuns: 400 },
  );
});

/** Ids a node may have: 1 to 200 characters, no control characters, no "/". */
const nodeId = () =>
  hostileString().filter((id) =>
    // deno-lint-ignore no-control-regex -- the characters an id may not have
    id.length > 0 && id.length <= 200 && !/[\u0000-\u001f\u007f/]/.test(id)
  );

/** A valid random DAG: edges only from an earlier node to a later one, each input key filled once. */
const validDag = (depth: number): fc.Arbitrary<Record<string, unknown>> =>
  fc.uniqueArray(nodeId(), { minLength: 1, maxLength: 7 }).chain((ids) =>
    fc.record({
      ids: fc.constant(ids),
      pairs: fc.array(fc.tuple(fc.nat(ids.length - 1), fc.nat(ids.length - 1)), {
        maxLength: 10,
      }),
      retries: fc.array(
        fc.option(
          fc.record({
            maxAttempts: fc.integer({ min: 1, max: 100 }),
            minDelay: fc.integer({ min: 0, max: 1000 }),
            multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
            jitter: fc.double({ min: 0, max: 1, noNaN: true }),
          }, { requiredKeys: [] }),
          { nil: undefined },
        ),
        { minLength: ids.length, maxLength: ids.length },
      ),
      children: fc.array(
        depth > 0 ? fc.option(validDag(depth - 1), { nil: undefined }) : fc.constant(undefined),
        {
          minLength: ids.length,
          maxLength: ids.length,
        },
      ),
      inputs: fc.array(fc.dictionary(hostileString(), fc.jsonValue({ maxDepth: 3 })), {
        minLength: ids.length,
        maxLength: ids.length,
      }),
    })
  ).map(({ ids, pairs: drawn, retries, children, inputs }) => {
    // Each pair once, from the earlier node to the later one: a DAG.
    const pairs = [
      ...new Map(
        drawn.filter(([a, b]) => a !== b).map(([a, b]) => {
          const pair: [number, number] = [Math.min(a, b), Math.max(a, b)];
          return [`${pair}`, pair];
        }),
      ).values(),
    ];
    const fed = new Set(pairs.map(([, b]) => b));
    return {
      nodes: ids.map((id, i) => ({
        id,
        data: {
          ...(children[i] ? { blueprint: children[i] } : { module: TASKS }),
          ...(retries[i] ? { retry: retries[i] } : {}),
          ...(fed.has(i) ? {} : { input: inputs[i] }),
          onError: i % 2 ? "continue" : "fail",
        },
      })),
      edges: pairs.map(([a, b]) => ({ source: ids[a], target: ids[b] })),
    };
  });

Deno.test("validateBlueprint() fuzzed: every valid random DAG (with sub-blueprints) passes as it is", async () => {
  await fc.assert(
    fc.asyncProperty(validDag(2), async (value) => {
      const valid = await validateBlueprint(value, { baseUrl: FILE });
      const nodes = value.nodes as { id: string; data: Record<string, unknown> }[];
      assert.deepEqual(valid.nodes.map((node) => node.id), nodes.map((node) => node.id));
      assert.equal(valid.edges.length, (value.edges as unknown[]).length);
      nodes.forEach((node, i) => {
        const data = valid.nodes[i]!.data;
        assert.deepEqual(data.retry, node.data.retry && { ...node.data.retry });
        assert.deepEqual(data.input, node.data.input);
        assert.equal(data.module === undefined, data.blueprint !== undefined);
      });
      const stored = JSON.stringify(valid);
      assert.deepEqual(await validateBlueprint(stored), JSON.parse(stored));
      assertPrototypeClean();
    }),
    { numRuns: 100 },
  );
});

Deno.test("validateBlueprint() keeps prototype keys as node ids, handles and fields: plain data", async () => {
  const text = JSON.stringify({
    nodes: PROTOTYPE_KEYS.map((id) => ({ id, data: { module: TASKS, map: id } })),
    edges: PROTOTYPE_KEYS.slice(1).map((id, i) => ({
      source: PROTOTYPE_KEYS[i],
      target: id,
      sourceHandle: "__proto__",
      targetHandle: id,
    })),
  }).replace('"map":"__proto__"}', '"input":{"__proto__":[1]},"map":"__proto__"}');
  const valid = await validateBlueprint(text);
  assert.deepEqual(valid.nodes.map((node) => node.id), PROTOTYPE_KEYS);
  assert.ok(Object.hasOwn(valid.nodes[0]!.data.input as object, "__proto__"));
  assert.deepEqual(valid.edges.map((edge) => edge.targetHandle), PROTOTYPE_KEYS.slice(1));
  assertPrototypeClean();
});
