import assert from "node:assert/strict";
import { depths, findCycles } from "./_graph.ts";

const edges = (...pairs: string[]) =>
  pairs.map((pair) => {
    const [source, target] = pair.split(">") as [string, string];
    return { source, target };
  });

Deno.test("findCycles() finds none in a graph without cycles", () => {
  assert.deepEqual(findCycles(["a", "b", "c", "d"], edges("a>b", "a>c", "b>d", "c>d")), []);
  assert.deepEqual(findCycles([], []), []);
});

Deno.test("findCycles() gives each cycle in edge order, from its earliest node", () => {
  assert.deepEqual(
    findCycles(["x", "a", "b", "c"], edges("x>c", "c>a", "a>b", "b>c")),
    [["a", "b", "c"]],
  );
  assert.deepEqual(findCycles(["a"], edges("a>a")), [["a"]]);
  assert.deepEqual(
    findCycles(["a", "b", "c", "d"], edges("a>b", "b>a", "c>d", "d>c")),
    [["a", "b"], ["c", "d"]],
  );
});

Deno.test("findCycles() reports one cycle per knot and skips nodes downstream of one", () => {
  // a→b→a and b→c→b share b; d only hangs off the knot.
  const cycles = findCycles(["a", "b", "c", "d"], edges("a>b", "b>a", "b>c", "c>b", "c>d"));
  assert.equal(cycles.length, 1);
  assert.ok(cycles[0]!.includes("b"));
  assert.ok(!cycles.flat().includes("d"));
});

Deno.test("findCycles() ignores edges to unknown nodes", () => {
  assert.deepEqual(findCycles(["a"], edges("a>zz", "zz>a")), []);
});

Deno.test("depths() is the longest path from a node without inputs", () => {
  const depth = depths(["a", "b", "c", "d"], edges("a>b", "b>d", "a>d", "c>d", "a>nowhere"));
  assert.deepEqual(Object.fromEntries(depth), { a: 0, b: 1, c: 0, d: 2 });
});
