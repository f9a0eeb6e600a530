import assert from "node:assert/strict";
import { ConductorError } from "./conductor_error.ts";
import { validateBlueprint, type ValidateBlueprintOptions } from "./validate_blueprint.ts";

const DIR = new URL("./testdata/validate/", import.meta.url);
const TASKS = new URL("tasks.js", DIR).href;
const at = (path: string): URL => new URL(path, DIR);
const read = (path: string): Promise<string> => Deno.readTextFile(at(path));

async function refusal(source: unknown, options: ValidateBlueprintOptions): Promise<string> {
  const error = await validateBlueprint(source, options).then(
    () => assert.fail("expected the blueprint to be refused"),
    (error) => error,
  );
  assert.ok(error instanceof ConductorError, String(error));
  assert.equal(error.code, "INVALID_BLUEPRINT");
  return error.message;
}

/** A file system in a Map, counting reads: `readText` for virtual blueprints. */
function virtualFiles(files: Record<string, unknown>): {
  readText: (url: URL) => Promise<string>;
  reads: Map<string, number>;
} {
  const reads = new Map<string, number>();
  const readText = (url: URL): Promise<string> => {
    reads.set(url.href, (reads.get(url.href) ?? 0) + 1);
    const name = url.pathname.split("/").pop()!;
    if (!Object.hasOwn(files, name)) return Promise.reject(new Error(`no file ${name}`));
    return Promise.resolve(JSON.stringify(files[name]));
  };
  return { readText, reads };
}

const echo = "data:text/javascript,export default (x) => x;";
const leaf = (id = "work") => ({ nodes: [{ id, data: { module: echo } }] });
const include = (id: string, blueprint: unknown) => ({ id, data: { blueprint } });

Deno.test("validateBlueprint() loads sub-blueprints two levels deep, each relative to its parent", async () => {
  const valid = await validateBlueprint(await read("nested/parent.json"), {
    baseUrl: at("nested/parent.json"),
  });
  assert.equal(valid.baseUrl, at("nested/parent.json").href);
  const middle = valid.nodes[1]!.data.blueprint!;
  assert.equal(valid.nodes[1]!.data.module, undefined);
  assert.equal(middle.id, "middle");
  assert.equal(middle.baseUrl, at("nested/sub/middle.json").href);
  assert.equal(middle.nodes[1]!.data.module, TASKS);
  const leafBlueprint = middle.nodes[0]!.data.blueprint!;
  assert.equal(leafBlueprint.baseUrl, at("nested/sub/leaf/leaf.json").href);
  assert.deepEqual(leafBlueprint.nodes[0]!.data, { module: TASKS, retry: { maxAttempts: 3 } });
  // A checked blueprint, stored as JSON and checked again without its file, is itself.
  assert.deepEqual(await validateBlueprint(JSON.stringify(valid)), valid);
});

Deno.test("validateBlueprint() refuses a cycle of sub-blueprint files, naming the chain", async () => {
  assert.match(
    await refusal(await read("cycle/a.json"), { baseUrl: at("cycle/a.json") }),
    /: node "to-b\/back-to-a": blueprint "\.\/a\.json" closes a cycle of sub-blueprints: "a\.json" → "b\.json" → "a\.json"; a blueprint cannot include itself, directly or through others\.$/,
  );
  assert.match(
    await refusal(await read("cycle/self.json"), { baseUrl: at("cycle/self.json") }),
    /: node "again": blueprint "\.\/self\.json" closes a cycle of sub-blueprints: "self\.json" → "self\.json";/,
  );
  // An inline sub-blueprint that includes the file it is written in.
  assert.match(
    await refusal(await read("cycle/inline.json"), { baseUrl: at("cycle/inline.json") }),
    /: node "wrap\/back": blueprint "inline\.json" closes a cycle of sub-blueprints: "inline\.json" → "inline\.json";/,
  );
  // The same file twice side by side (not a cycle) is fine, and read once.
  const { readText, reads } = virtualFiles({ "child.json": leaf() });
  const twice = await validateBlueprint({
    nodes: [include("one", "./child.json"), include("two", "./child.json#again")],
  }, { baseUrl: "file:///virtual/top.json", readText });
  assert.equal(twice.nodes[1]!.data.blueprint!.nodes[0]!.id, "work");
  assert.deepEqual([...reads.values()], [1]);
});

Deno.test("validateBlueprint() refuses sub-blueprints nested more than 16 levels", async () => {
  // level-i.json includes level-(i+1).json; the last one runs a module.
  const chainOf = (levels: number) => {
    const files: Record<string, unknown> = {};
    for (let i = 1; i < levels; i++) {
      files[`level-${i}.json`] = { nodes: [include("in", `./level-${i + 1}.json`)] };
    }
    files[`level-${levels}.json`] = leaf();
    return virtualFiles(files).readText;
  };
  const top = { nodes: [include("in", "./level-1.json")] };
  const options = { baseUrl: "file:///virtual/top.json", checkModules: false };
  const deepest = await validateBlueprint(top, { ...options, readText: chainOf(16) });
  let inner = deepest;
  for (let i = 0; i < 16; i++) inner = inner.nodes[0]!.data.blueprint!;
  assert.equal(inner.nodes[0]!.id, "work");
  const message = await refusal(top, { ...options, readText: chainOf(17) });
  assert.match(
    message,
    new RegExp(
      `: node "${Array(17).fill("in").join("/")}": "data\\.blueprint" nests sub-blueprints more ` +
        `than 16 levels deep; a blueprint's sub-blueprints nest at most 16 levels\\.$`,
    ),
  );
});

Deno.test("validateBlueprint() names the parent node and child path of a sub-blueprint it cannot use", async () => {
  const message = await refusal(await read("broken/parent.json"), {
    baseUrl: at("broken/parent.json"),
  });
  const missing = at("broken/no-such-child.json").pathname;
  assert.ok(
    message.includes(
      `node "missing": blueprint "./no-such-child.json" could not be read (looked for ${missing}): `,
    ),
    message,
  );
  assert.match(
    message,
    /node "garbled": blueprint "\.\/not-json\.txt" \(.*broken\/not-json\.txt\) is not JSON \(/,
  );
  assert.match(message, /node "bad\/slow": "data\.timeout" must be a whole number of ms/);
  assert.match(
    message,
    /sub-blueprint of node "bad" \(\.\/bad-child\.json\): nodes\[1\]: "id" "a\/b" contains "\/"/,
  );
  assert.match(
    message,
    /sub-blueprint of node "bad" \(\.\/bad-child\.json\): edge "slow->nowhere": target "nowhere" is not a node; nodes: "slow"/,
  );
  assert.match(message, /, 5 problems:/);
});

Deno.test("validateBlueprint() takes inline and data: sub-blueprints, relative to the parent file", async () => {
  const child = { nodes: [{ id: "t", data: { module: "../tasks.js" } }] };
  const dataUrl = `data:application/json,${encodeURIComponent(JSON.stringify(child))}`;
  const base64 = `data:application/json;base64,${btoa(JSON.stringify(child))}`;
  const valid = await validateBlueprint({
    nodes: [include("inline", child), include("encoded", dataUrl), include("b64", base64)],
  }, { baseUrl: at("nested/parent.json") });
  for (const node of valid.nodes) {
    const sub = node.data.blueprint!;
    assert.equal(sub.id, node.id);
    assert.equal(sub.baseUrl, at("nested/parent.json").href);
    assert.equal(sub.nodes[0]!.data.module, TASKS);
  }
  assert.match(
    await refusal({ nodes: [include("x", "data:application/json,%7B")] }, {}),
    /node "x": blueprint "data:application\/json,%7B" \(data:application\/json,%7B\) is not JSON/,
  );
  assert.match(
    await refusal({ nodes: [include("x", 7), include("y", "npm:child")] }, {}),
    /node "x": "data\.blueprint" must be a path relative to the blueprint file, an absolute file:, http:, https: or data: URL, or a blueprint object, got 7/,
  );
});

Deno.test("validateBlueprint() loads network sub-blueprints only when allowed, and no local file from them", async () => {
  const { readText } = virtualFiles({
    "remote.json": leaf(),
    "sneaky.json": { nodes: [include("local", "file:///etc/passwd")] },
  });
  const remote = { nodes: [include("far", "https://example.com/remote.json")] };
  assert.match(
    await refusal(remote, { readText }),
    /node "far": blueprint "https:\/\/example\.com\/remote\.json" is on the network: loading a blueprint from it needs allowRemoteModules/,
  );
  const allowed = await validateBlueprint(remote, { readText, allowRemoteModules: true });
  assert.equal(allowed.nodes[0]!.data.blueprint!.baseUrl, "https://example.com/remote.json");
  assert.match(
    await refusal({ nodes: [include("far", "https://example.com/sneaky.json")] }, {
      readText,
      allowRemoteModules: true,
    }),
    /node "far\/local": blueprint "file:\/\/\/etc\/passwd" is a local file, but it is included by a blueprint from the network/,
  );
});

Deno.test("validateBlueprint() reports a readText that fails, throws or gives no text", async () => {
  const cases: [ValidateBlueprintOptions["readText"], RegExp][] = [
    [
      () => Promise.reject(new Error("disk on fire")),
      /could not be read \(looked for \/v\/c\.json\): disk on fire/,
    ],
    [() => {
      throw new Error("at once");
    }, /could not be read .*: at once/],
    [
      () => Promise.resolve(5 as unknown as string),
      /could not be read .*: readText gave 5, not text/,
    ],
  ];
  for (const [readText, expected] of cases) {
    assert.match(
      await refusal({ nodes: [include("n", "./c.json")] }, {
        baseUrl: "file:///v/p.json",
        readText,
      }),
      expected,
    );
  }
});

Deno.test("validateBlueprint() checks an edge's sourceHandle against the sub-blueprint's sink nodes", async () => {
  const child = {
    nodes: [{ id: "first", data: { module: echo } }, { id: "total", data: { module: echo } }],
    edges: [{ source: "first", target: "total" }],
  };
  const source = (sourceHandle: string) => ({
    nodes: [include("sub", child), { id: "next", data: { module: echo } }],
    edges: [{ source: "sub", target: "next", sourceHandle }],
  });
  assert.equal((await validateBlueprint(source("total"))).edges[0]!.sourceHandle, "total");
  assert.match(
    await refusal(source("totl"), {}),
    /edge "sub->next": "sourceHandle" "totl" is not a sink node of node "sub"'s sub-blueprint \(did you mean "total"\?\); its output has one field per sink node: "total"/,
  );
});

Deno.test("validateBlueprint() counts every sub-blueprint's nodes toward the 10,000", async () => {
  const wide = {
    nodes: Array.from({ length: 101 }, (_, i) => ({ id: `n${i}`, data: { module: echo } })),
  };
  const { readText, reads } = virtualFiles({ "wide.json": wide });
  const top = { nodes: Array.from({ length: 100 }, (_, i) => include(`w${i}`, "./wide.json")) };
  const message = await refusal(top, { baseUrl: "file:///v/top.json", readText });
  assert.match(
    message,
    /sub-blueprint of node "w\d+" \(\.\/wide\.json\): the blueprint and its sub-blueprints have more than 10000 nodes together; the most is 10000/,
  );
  assert.deepEqual([...reads.values()], [1]);
});

Deno.test("validateBlueprint() lets a sub-blueprint's source node map over its parent's input", async () => {
  const child = { nodes: [{ id: "each", data: { module: echo, map: "items" } }] };
  const valid = await validateBlueprint({
    nodes: [{ id: "src", data: { module: echo } }, include("sub", child)],
    edges: [{ source: "src", target: "sub", targetHandle: "items" }],
  });
  assert.equal(valid.nodes[1]!.data.blueprint!.nodes[0]!.data.map, "items");
});
