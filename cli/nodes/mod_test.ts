import assert from "node:assert/strict";
import { main } from "../main.ts";
import { captureIo, withTempDir } from "../testdata/cli.ts";

const PLATFORM = new URL("../../conductor/testdata/platform/", import.meta.url);

async function cli(
  args: string[],
  cwd?: string,
): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({}, cwd === undefined ? {} : { cwd });
  const code = await main(args, { io, signal: new AbortController().signal });
  return { code, out: io.out(), err: io.err() };
}

Deno.test("atomiton nodes lists the ten built-in types, one line each", async () => {
  const { code, out } = await cli(["nodes"]);
  assert.equal(code, 0);
  const names = out.trim().split("\n").map((line) => line.split(/\s+/)[0]);
  assert.deepEqual(names.toSorted(), [
    "edit-fields",
    "file-system",
    "group",
    "http-request",
    "image",
    "loop",
    "parallel",
    "shell-command",
    "spreadsheet",
    "transform",
  ]);
  assert.match(out, /^transform .*\[sandboxed\]$/m);
  assert.match(out, /^file-system .*\(deno, node only\)$/m);
});

Deno.test("atomiton nodes <type> shows each parameter with its kind, limits and default", async () => {
  const { code, out } = await cli(["nodes", "transform"]);
  assert.equal(code, 0);
  assert.match(out, /^ {2}operation +\(string, one of map \| filter .*default "map"\)/m);
  assert.match(out, /^ {2}flattenDepth +\(integer, min 1, max 10, default 1\)/m);
  assert.match(out, /^ {2}transformFunction +\(string, .*code, sandboxed\)/m);
});

Deno.test("atomiton nodes --json prints one object per type, the parameters' specs as data", async () => {
  const { code, out } = await cli(["nodes", "--json"]);
  assert.equal(code, 0);
  const types = out.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(types.length, 10);
  const fs = types.find((type) => type.type === "file-system");
  assert.deepEqual(fs.runtimes, ["deno", "node"]);
  assert.equal(fs.parameters.operation.default, "read");
  assert.equal(fs.parameters.path.required, true);
  assert.equal(types.find((type) => type.type === "transform").sandbox, true);
});

Deno.test("atomiton nodes <unknown> fails with NOT_FOUND and suggests the nearest type", async () => {
  const { code, err } = await cli(["nodes", "tranform"]);
  assert.equal(code, 3);
  assert.match(err, /No node type "tranform"; did you mean "transform"\?/);
});

Deno.test("atomiton nodes --node-types adds a type of one's own, its relative module resolved beside it", async () => {
  await withTempDir("atomiton-nodes-", async (dir) => {
    await Deno.writeTextFile(
      `${dir}/types.js`,
      `export const nodeTypes = [{ type: "shout", description: "Upper-cases", module: "./shout.js",
        parameters: { mark: { type: "string", description: "Appended", default: "!" } } }];`,
    );
    const { code, out } = await cli(["nodes", "--node-types", `${dir}/types.js`, "--json"]);
    assert.equal(code, 0);
    const shout = out.trim().split("\n").map((line) => JSON.parse(line)).find((type) =>
      type.type === "shout"
    );
    assert.equal(shout.parameters.mark.default, "!");
    const broken = await cli(["nodes", "--node-types", `${dir}/missing.js`]);
    assert.notEqual(broken.code, 0);
    assert.match(broken.err, /Cannot load the node types module/);
  });
});

Deno.test("atomiton run runs the platform's hello-world flow and --check names the parameters the other templates' schemas lack", async () => {
  await withTempDir("atomiton-flow-", async (dir) => {
    for (const name of ["hello-world", "data-transform"]) {
      await Deno.copyFile(new URL(`${name}.flow.yaml`, PLATFORM), `${dir}/${name}.flow.yaml`);
    }
    const io = captureIo({ ATOMITON_HOME: `${dir}/home` }, { cwd: dir });
    const code = await main(["run", "hello-world.flow.yaml"], {
      io,
      signal: new AbortController().signal,
    });
    assert.equal(code, 0, io.err());
    const text = await Deno.readTextFile(`${dir}/.tmp/hello-world-output.txt`);
    assert.match(text, /^Hello World from Atomiton!\n/);
    const checked = await cli(["run", "--check", "data-transform.flow.yaml"], dir);
    assert.equal(checked.code, 3);
    for (const name of ["filePath", "expression", "inputType", "code", "createDirectory"]) {
      assert.match(checked.err, new RegExp(`"${name}"`), name);
    }
  });
});

Deno.test("atomiton run counts a loop as one node, as the engine does, and shows its items", async () => {
  await withTempDir("atomiton-loop-", async (dir) => {
    await Deno.writeTextFile(
      `${dir}/loop.flow.yaml`,
      `type: group
name: Loop
nodes:
  - id: each
    type: loop
    parameters: { array: [1, 2, 3] }
    nodes:
      - { id: a, type: edit-fields, parameters: { values: { n: "{{$input}}" }, keepOnlySet: true } }
edges: []
`,
    );
    const io = captureIo({ ATOMITON_HOME: `${dir}/home` }, { cwd: dir });
    const code = await main(["run", "loop.flow.yaml"], {
      io,
      signal: new AbortController().signal,
    });
    assert.equal(code, 0, io.err());
    assert.match(io.err(), /\): 1 node on \d+ local workers?\n/);
    assert.match(io.out() + io.err(), /completed Loop in .*: 1 node\n/);
    assert.match(io.err(), /completed each\/2\/a/);
  });
});
