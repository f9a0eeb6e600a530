import assert from "node:assert/strict";
import { type ScratchClone, scratchClone } from "./_api_clone.ts";
import { directEdges, layers, type PackageImports } from "./_architecture_layers.ts";
import { fillSection, importChanges } from "./architecture.ts";

const ARCHITECTURE_SCRIPTS = /^(_architecture.*|architecture)\.ts$/;

Deno.test("architecture --check fails when a member imports another member, naming both", async () => {
  await using clone = await scratchClone(ARCHITECTURE_SCRIPTS);
  // A fresh picture first: the test is about the import below, not about the last commit.
  await assertPasses(clone, "scripts/architecture.ts");
  await assertPasses(clone, "scripts/architecture.ts", "--check");

  await clone.edit(
    "events/mod.ts",
    "@module\n */\n",
    '@module\n */\nimport type { Token } from "@atomiton/di";\n/** A probe. */\nexport type Probe = Token<1>;\n',
  );
  const { code, output } = await clone.run("scripts/architecture.ts", "--check");
  assert.equal(code, 1, output);
  assert.match(output, /@atomiton\/events now imports @atomiton\/di\n/);
  assert.match(output, /docs\/architecture\.md/);
  assert.match(output, /deno task architecture/);

  await assertPasses(clone, "scripts/architecture.ts");
  await assertPasses(clone, "scripts/architecture.ts", "--check");
});

async function assertPasses(clone: ScratchClone, ...args: [string, ...string[]]): Promise<void> {
  const { code, output } = await clone.run(...args);
  assert.equal(code, 0, output);
}

const pkg = (name: string, members: string[] = [], npm: string[] = []): PackageImports => ({
  name,
  members,
  npm,
});

Deno.test("layers() puts each package one above the highest it imports, and refuses a cycle", () => {
  const packages = [pkg("c", ["b", "a"]), pkg("b", ["a"]), pkg("a"), pkg("d")];
  assert.deepEqual(Object.fromEntries(layers(packages)), { a: 0, b: 1, c: 2, d: 0 });
  assert.throws(
    () => layers([pkg("a", ["b"]), pkg("b", ["c"]), pkg("c", ["a"])]),
    /import cycle: a -> b -> c -> a/,
  );
});

Deno.test("directEdges() drops only the imports another path implies", () => {
  const packages = [pkg("c", ["a", "b", "d"]), pkg("b", ["a"]), pkg("a"), pkg("d")];
  assert.deepEqual(directEdges(packages), [["c", "b"], ["c", "d"], ["b", "a"]]);
});

Deno.test("importChanges() reads the committed table and names imports gained and lost", () => {
  const page = "| 1 | `x` | `a`, `b` | `zustand` |\n| 0 | `gone` | nothing | nothing |\n";
  assert.deepEqual(importChanges(page, [pkg("x", ["b", "c"]), pkg("new")]), [
    "  x now imports c",
    "  x no longer imports a",
    "  new package: new",
    "  package gone: gone",
  ]);
});

Deno.test("fillSection() replaces only its own section, and says which one is missing", () => {
  const page = "intro\n<!-- generated: a -->\nold\n<!-- end: a -->\nrest\n";
  assert.equal(
    fillSection(page, "a", "new"),
    "intro\n<!-- generated: a -->\nnew\n<!-- end: a -->\nrest\n",
  );
  assert.equal(
    fillSection(fillSection(page, "a", "new"), "a", "new"),
    fillSection(page, "a", "new"),
  );
  assert.throws(() => fillSection(page, "b", "x"), /no "<!-- generated: b -->"/);
});
