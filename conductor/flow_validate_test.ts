import assert from "node:assert/strict";
import { assertPrototypeClean, INVALID_UTF8 } from "../scripts/testing/hostile.ts";
import { ConductorError } from "./conductor_error.ts";
import type { NodeType } from "./node_type.ts";
import { validateBlueprint, type ValidBlueprint } from "./validate_blueprint.ts";

const PLATFORM = new URL("./testdata/platform/", import.meta.url);
const echo = `data:text/javascript,${encodeURIComponent("export default (x) => x;")}`;
const ECHO: NodeType = {
  type: "echo",
  description: "Outputs what it gets",
  module: echo,
  parameters: {
    word: { type: "string", description: "A word", default: "hi" },
    count: { type: "number", description: "How many", min: 1, max: 5, integer: true },
    file: { type: "string", description: "A file", path: true },
  },
};
const options = { nodeTypes: [ECHO], runtime: "deno" as const };

/** The refusal's message (the test fails when it is not refused). */
async function refusal(input: unknown, extra: Record<string, unknown> = {}): Promise<string> {
  const error = await validateBlueprint(input, { ...options, ...extra }).then(
    () => assert.fail("the flow was accepted"),
    (error) => error,
  );
  assert.ok(error instanceof ConductorError, String(error));
  assert.equal(error.code, "INVALID_BLUEPRINT");
  return error.message;
}

/** Node id → the parameters a message says its type does not have. */
function unknownParameters(message: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern =
    /node "([^"]+)": parameters? ((?:"[^"]+"(?:, )?)+) (?:is not a parameter|are not parameters)/g;
  for (const [, node, names] of message.matchAll(pattern)) {
    found.set(node!, [...names!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!));
  }
  return found;
}

const flow = (nodes: unknown[], edges: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  type: "group",
  nodes,
  edges,
  ...extra,
});
const node = (
  id: string,
  parameters: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  id,
  type: "echo",
  parameters,
  ...extra,
});

Deno.test("flows: data-transform is refused naming exactly the parameters its schemas lack", async () => {
  const url = new URL("data-transform.flow.yaml", PLATFORM);
  const message = await refusal(await Deno.readTextFile(url), { baseUrl: url, nodeTypes: [] });
  assert.deepEqual(
    Object.fromEntries(unknownParameters(message)),
    {
      "csv-source": ["filePath", "encoding"],
      "filter-transform": ["expression", "inputType", "outputType"],
      "aggregate-code": ["code", "inputParams", "returnType", "async"],
      "output-file": ["filePath", "createDirectory"],
    },
  );
  assert.match(message, /^Invalid flow .*data-transform\.flow\.yaml, \d+ problems:/);
});

Deno.test("flows: image-processor is refused naming the parameters its schemas lack", async () => {
  const url = new URL("image-processor.flow.yaml", PLATFORM);
  const message = await refusal(await Deno.readTextFile(url), { baseUrl: url, nodeTypes: [] });
  const found = unknownParameters(message);
  assert.deepEqual(found.get("image-source"), ["filePath", "pattern", "includeStats"]);
  assert.deepEqual(found.get("image-loop"), ["iterateOver", "breakOnError"]);
  assert.deepEqual(found.get("parallel-processor"), ["preserveOrder"]);
  assert.deepEqual(found.get("save-processed"), ["filePath", "createDirectory"]);
  for (const name of ["watermarkPath", "scale", "margin"]) {
    assert.ok(found.get("image-watermark")?.includes(name), `${name} in ${message}`);
  }
});

Deno.test("flows: YAML and JSON text and objects translate alike; ports become handles", async () => {
  const value = flow(
    [
      node("a", { count: 2 }, {
        outputPorts: [{ id: "output" }, { id: "rows" }],
        position: { x: 1, y: 2 },
      }),
      node("b", {}, { name: "Bee", inputPorts: [{ id: "input" }, { id: "extra" }] }),
      node("c", { retries: 2, timeout: 5 }, { onError: "continue" }),
    ],
    [
      { id: "e1", source: "a", target: "b", sourceHandle: "output", targetHandle: "input" },
      { id: "e2", source: "a", target: "b", sourceHandle: "rows", targetHandle: "extra" },
      { id: "e3", source: "b", target: "c" },
    ],
    { id: "f", name: "F", settings: { runtime: { timeout: 777 } } },
  );
  const yaml = `type: group
id: f
name: F
settings: { runtime: { timeout: 777 } }
nodes:
  - { id: a, type: echo, parameters: { count: 2 }, outputPorts: [{ id: output }, { id: rows }], position: { x: 1, y: 2 } }
  - { id: b, type: echo, name: Bee, parameters: {}, inputPorts: [{ id: input }, { id: extra }] }
  - { id: c, type: echo, parameters: { retries: 2, timeout: 5 }, onError: continue }
edges:
  - { id: e1, source: a, target: b, sourceHandle: output, targetHandle: input }
  - { id: e2, source: a, target: b, sourceHandle: rows, targetHandle: extra }
  - { id: e3, source: b, target: c }
`;
  const fromObject = await validateBlueprint(value, options);
  assert.deepEqual(await validateBlueprint(JSON.stringify(value), options), fromObject);
  assert.deepEqual(await validateBlueprint(yaml, options), fromObject);
  assert.deepEqual(fromObject.edges, [
    { id: "e1", source: "a", target: "b", targetHandle: "input" },
    { id: "e2", source: "a", target: "b", sourceHandle: "rows", targetHandle: "extra" },
    { id: "e3", source: "b", target: "c", targetHandle: "input" },
  ]);
  const [a, b, c] = fromObject.nodes;
  assert.deepEqual(a?.data, {
    module: echo,
    input: { parameters: { word: "hi", count: 2 } },
    timeout: 777,
    retry: { maxAttempts: 2 },
  });
  assert.deepEqual(a?.position, { x: 1, y: 2 });
  assert.equal(b?.label, "Bee");
  assert.deepEqual(c?.data.retry, { maxAttempts: 3 });
  assert.equal(c?.data.timeout, 5);
  assert.equal(c?.data.onError, "continue");
});

Deno.test("flows: wrong parameter values name the node, the parameter and what is allowed", async () => {
  const message = await refusal(flow([
    node("a", { count: 9 }),
    node("b", { count: 1.5, word: 3 }),
    node("c", { wrod: "x" }),
    node("d", { enabled: "yes", retries: -1 }),
  ]));
  assert.match(message, /node "a": parameter "count" must be a whole number from 1 to 5, got 9/);
  assert.match(message, /node "b": parameter "count" must be a whole number from 1 to 5, got 1\.5/);
  assert.match(message, /node "b": parameter "word" must be a string, got 3/);
  assert.match(
    message,
    /node "c": parameter "wrod" is not a parameter of type "echo" \(did you mean "wrod" → "word"\?\); its parameters: "word", "count", "file", "enabled"/,
  );
  assert.match(message, /node "d": parameter "enabled" must be a boolean, got "yes"/);
  assert.match(
    message,
    /node "d": parameter "retries" must be a whole number from 0 to 99, got -1/,
  );
});

Deno.test("flows: an unknown type suggests the nearest one and lists them", async () => {
  const message = await refusal(flow([{ id: "x", type: "edit-field", parameters: {} }]), {
    nodeTypes: [],
  });
  assert.match(
    message,
    /node "x": "type" "edit-field" is not a node type \(did you mean "edit-fields"\?\); the types: .*"group"/,
  );
});

Deno.test("flows: paths resolve against the flow file's folder unless absolute", async () => {
  const base = "file:///flows/sub/main.flow.yaml";
  const checked = await validateBlueprint(
    flow([
      node("rel", { file: "../data/in.csv" }),
      node("abs", { file: "/etc/x" }),
      node("odd", { file: "a #1?%.csv" }),
    ]),
    { ...options, baseUrl: base },
  );
  assert.equal(
    (checked.nodes[0]?.data.input as { parameters: { file: string } }).parameters.file,
    "/flows/data/in.csv",
  );
  assert.equal(
    (checked.nodes[1]?.data.input as { parameters: { file: string } }).parameters.file,
    "/etc/x",
  );
  assert.equal(
    (checked.nodes[2]?.data.input as { parameters: { file: string } }).parameters.file,
    "/flows/sub/a #1?%.csv",
  );
  assert.match(
    await refusal(flow([node("a", { file: "x.csv" })]), { baseUrl: "https://example.com/f.yaml" }),
    /node "a": parameter "file" is the relative path "x\.csv", but the flow has no file folder/,
  );
});

Deno.test("flows: a disabled node passes its input through", async () => {
  const checked = await validateBlueprint(flow([node("off", { enabled: false })]), options);
  const module = checked.nodes[0]!.data.module!;
  const { default: task } = await import(module);
  assert.equal(task({ input: 42, parameters: {} }), 42);
});

Deno.test("flows: hostile names stay plain data", async () => {
  const names = ["__proto__", "constructor", "toString"];
  const checked = await validateBlueprint(
    flow(
      names.map((id) =>
        node(id, {}, {
          inputPorts: [{ id: "input" }, { id: "__proto__" }],
          outputPorts: [{ id: "output" }, { id: "constructor" }],
        })
      ),
      [
        {
          id: "e1",
          source: "__proto__",
          target: "constructor",
          sourceHandle: "constructor",
          targetHandle: "__proto__",
        },
        { id: "e2", source: "constructor", target: "toString" },
      ],
    ),
    options,
  );
  assert.deepEqual(checked.nodes.map((n) => n.id), names);
  assert.deepEqual(checked.edges[0], {
    id: "e1",
    source: "__proto__",
    target: "constructor",
    sourceHandle: "constructor",
    targetHandle: "__proto__",
  });
  const message = await refusal(
    JSON.parse(
      '{"type":"group","nodes":[{"id":"a","type":"echo","parameters":{"__proto__":{"x":1},"constructor":2}}]}',
    ),
  );
  assert.match(message, /parameters "__proto__", "constructor" are not parameters of type "echo"/);
  const yaml = await refusal(
    "type: group\nnodes:\n  - id: a\n    type: echo\n    parameters:\n      __proto__: { polluted: true }\n",
  );
  assert.match(yaml, /parameter "__proto__" is not a parameter/);
  assertPrototypeClean();
});

Deno.test("flows: containers nested deeper than 16 are refused", async () => {
  const nest = (depth: number): unknown =>
    depth === 0 ? node("leaf") : { id: `g${depth}`, type: "group", nodes: [nest(depth - 1)] };
  // Fewer levels than 16 fit the blueprint's 64 levels of JSON nesting (4 per container).
  const ok = await validateBlueprint(flow([nest(12)]), options);
  assert.equal(ok.nodes[0]?.data.collect, "single");
  const message = await refusal(flow([nest(17)]));
  assert.match(message, /containers nest deeper than 16 levels/);
});

Deno.test("flows: YAML bombs, YAML mistakes and bytes that are not UTF-8 are refused", async () => {
  const bomb = [
    "type: group",
    "a: &a [x, x, x, x, x, x, x, x, x]",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "nodes: [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
  ].join("\n");
  assert.match(await refusal(bomb), /its YAML cannot be read: .*at most 100 aliases/);
  assert.match(
    await refusal("type: group\nnodes:\n  - id: a\n    type: [echo\n"),
    /it is neither JSON nor YAML: .* at line \d+, column \d+/,
  );
  assert.match(
    await refusal("type: group\ntype: group\nnodes: []\n"),
    /Map keys must be unique at line 2, column 1/,
  );
  for (const bytes of INVALID_UTF8) {
    assert.match(await refusal(bytes), /its bytes are not UTF-8 text/);
  }
  const good = new TextEncoder().encode(JSON.stringify(flow([node("a")])));
  assert.equal((await validateBlueprint(good, options)).nodes[0]?.id, "a");
});

Deno.test("flows: nodeTypes add types, may not replace a container, and resolve modules against the flow", async () => {
  const checked = await validateBlueprint(flow([{ id: "a", type: "mine" }]), {
    nodeTypes: [{ type: "mine", description: "d", module: "./mine.js", parameters: {} }],
    baseUrl: "file:///flows/main.flow.yaml",
    checkModules: false,
  });
  assert.equal(checked.nodes[0]?.data.module, "file:///flows/mine.js");
  await assert.rejects(
    validateBlueprint(flow([node("a")]), {
      nodeTypes: [{ type: "loop", description: "d", module: echo, parameters: {} }],
    }),
    (error) =>
      error instanceof ConductorError && error.code === "INVALID_OPTION" &&
      /node type "loop" cannot be replaced: it holds child nodes/.test(error.message),
  );
});

Deno.test("flows: types that cannot run on the runtime, and file paths in a browser, are refused", async () => {
  const fs = { id: "w", type: "file-system", parameters: { operation: "read", path: "/x" } };
  const sheet = { id: "s", type: "spreadsheet", parameters: { path: "/x.csv" } };
  const message = await refusal(flow([fs, sheet]), { runtime: "browser", nodeTypes: [] });
  assert.match(
    message,
    /node "w": type "file-system" does not run on a browser, which this flow runs on; it runs on Deno and Node\.js/,
  );
  assert.match(
    message,
    /node "s": parameter "path" is a file path, and a browser has no file system/,
  );
  const inBrowser = await validateBlueprint(
    flow([{ id: "s", type: "spreadsheet", parameters: { data: "a,b\n1,2" } }]),
    { runtime: "browser", checkModules: false },
  );
  assert.equal(inBrowser.nodes[0]?.id, "s");
});

Deno.test("flows: edges into one port, unknown ports and unknown ends are refused", async () => {
  const message = await refusal(flow(
    [node("a"), node("b"), node("c", {}, { inputPorts: [{ id: "input" }] })],
    [
      { id: "e1", source: "a", target: "c" },
      { id: "e2", source: "b", target: "c", targetHandle: "input" },
      { id: "e3", source: "a", target: "c", targetHandle: "inptu" },
      { id: "e4", source: "a", target: "zz" },
    ],
  ));
  assert.match(
    message,
    /node "c": edges "e1" and "e2" both feed its input port "input"; a port takes one edge/,
  );
  assert.match(
    message,
    /edge "e3": "targetHandle" "inptu" is not a port of node "c" \(did you mean "input"\?\)/,
  );
  assert.match(message, /edges\[3\]: target "zz" is not a node/);
});

Deno.test("flows: loops, groups and parallel nodes become sub-blueprint nodes", async () => {
  const child = [node("inner")];
  const checked = await validateBlueprint(
    flow([
      node("src"),
      {
        id: "each",
        type: "loop",
        parameters: { concurrency: 3, collectResults: false },
        nodes: child,
      },
      { id: "times", type: "loop", parameters: { loopType: "times", count: 3 }, nodes: child },
      {
        id: "par",
        type: "parallel",
        parameters: { concurrency: 2 },
        nodes: [node("p1"), node("p2")],
      },
      { id: "grp", type: "group", parameters: { parallel: true }, nodes: [node("g1"), node("g2")] },
    ], [{ id: "e", source: "src", target: "each" }]),
    options,
  );
  const data = new Map(checked.nodes.map((n) => [n.id, n.data]));
  const each = data.get("each")!;
  assert.equal(each.map, "input");
  assert.equal(each.concurrency, 3);
  assert.equal(each.discard, true);
  assert.equal(each.collect, "single");
  assert.deepEqual(data.get("times")?.input, { input: [0, 1, 2] });
  assert.equal(data.get("par")?.collect, "array");
  assert.equal(data.get("par")?.concurrency, 2);
  assert.equal(data.get("par")?.timeout, 120000);
  const p1 = (data.get("par")!.blueprint as ValidBlueprint).nodes[0]!.data;
  assert.equal(p1.onError, "continue"); // strategy allSettled: a child's failure is its output
  assert.equal(p1.timeout, 30000);
  assert.equal(data.get("grp")?.collect, "sinks");
  assert.equal(data.get("grp")?.concurrency, undefined);
  const message = await refusal(flow([
    { id: "none", type: "loop", nodes: child },
    { id: "both", type: "loop", parameters: { array: [1] }, nodes: child },
    { id: "src", type: "echo" },
    { id: "empty", type: "group", nodes: [] },
  ], [{ id: "e", source: "src", target: "both" }]));
  assert.match(
    message,
    /node "none": a forEach loop needs its items: give "array", or an edge into its input port/,
  );
  assert.match(message, /node "both": "array" is set, and an edge feeds its input port too/);
  assert.match(message, /node "empty": a group runs the child nodes nested under it/);
});

Deno.test("flows: settings.sandbox is checked and its relative paths resolve against the flow's folder", async () => {
  const code = {
    ...ECHO,
    type: "code",
    parameters: { source: { type: "string" as const, description: "JS", code: true } },
  };
  const checked = await validateBlueprint(
    flow([{ id: "c", type: "code", parameters: { source: "x => x" } }, node("plain")], [], {
      settings: { sandbox: { read: ["./data", "/etc/hosts"], net: ["example.com"] } },
    }),
    { nodeTypes: [code, ECHO], baseUrl: "file:///flows/main.flow.yaml" },
  );
  assert.deepEqual(checked.nodes[0]?.data.sandbox, {
    read: ["/flows/data", "/etc/hosts"],
    net: ["example.com"],
  });
  assert.equal(checked.nodes[1]?.data.sandbox, undefined);
  const message = await refusal(flow([node("a")], [], { settings: { sandbox: { all: true } } }));
  assert.match(message, /"settings\.sandbox" must be an object of permission lists/);
});
