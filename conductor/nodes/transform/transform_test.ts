import assert from "node:assert/strict";
import fc from "fast-check";
import {
  assertPrototypeClean,
  hostileString,
  PROTOTYPE_KEYS,
} from "../../../scripts/testing/hostile.ts";
import { TRANSFORM_TASK_URL } from "./task.ts";
import { spec } from "./spec.ts";

type Task = (request: Record<string, unknown>) => Promise<unknown>;
const module = await import(TRANSFORM_TASK_URL) as { transform: Task; condition: Task };

/** Runs the task in this thread with the spec's defaults under `parameters`. */
async function transform(parameters: Record<string, unknown>, input?: unknown): Promise<unknown> {
  const defaults = Object.fromEntries(
    Object.entries(spec.parameters).flatMap(([name, p]) =>
      p.default === undefined ? [] : [[name, p.default]]
    ),
  );
  return await module.transform({ parameters: { ...defaults, ...parameters }, input });
}

const result = transform;

// The models: short, obviously right.
const numeric = (a: number, b: number) => a < b ? -1 : a > b ? 1 : 0;

Deno.test("transform: map, filter and reduce follow Array's, through the flow's function", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer()), async (list) => {
      assert.deepEqual(
        await result({ operation: "map", transformFunction: "n => n * 2 + 1" }, list),
        list.map((n) => n * 2 + 1),
      );
      assert.deepEqual(
        await result({ operation: "filter", transformFunction: "n => n % 3 === 0" }, list),
        list.filter((n) => n % 3 === 0),
      );
      assert.equal(
        await result(
          { operation: "reduce", transformFunction: "({ acc, item }) => acc + item" },
          list,
        ),
        list.reduce((acc, n) => acc + n, 0),
      );
    }),
    { numRuns: 50 },
  );
});

Deno.test("transform: sort orders numbers as numbers, stable, by a field or the items", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ n: fc.integer({ min: -5, max: 5 }), id: fc.nat() })),
      fc.constantFrom("asc", "desc"),
      async (list, direction) => {
        const sign = direction === "desc" ? -1 : 1;
        const model = [...list].sort((a, b) => sign * numeric(a.n, b.n));
        assert.deepEqual(
          await result({ operation: "sort", sortKey: "n", sortDirection: direction }, list),
          model,
        );
        const numbers = list.map((item) => item.n);
        assert.deepEqual(
          await result({ operation: "sort", sortDirection: direction }, numbers),
          [...numbers].sort((a, b) => sign * numeric(a, b)),
        );
      },
    ),
    { numRuns: 50 },
  );
  // As the platform: numeric text compares as numbers ("10" after "9"), other text as text.
  assert.deepEqual(await result({ operation: "sort" }, ["10", "9", "b", "a"]), [
    "9",
    "10",
    "a",
    "b",
  ]);
});

Deno.test("transform: group, flatten, unique, reverse, limit, skip and slice against their models", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({ k: fc.constantFrom("a", "b", "__proto__"), v: fc.nat(3) }, {
          noNullPrototype: true,
        }),
      ),
      fc.nat(12),
      fc.nat(12),
      async (list, i, j) => {
        const groups = new Map<string, unknown[]>();
        for (const item of list) groups.set(item.k, [...groups.get(item.k) ?? [], item]);
        const grouped = await result({ operation: "group", groupKey: "k" }, list) as object;
        assert.deepEqual(new Map(Object.entries(grouped)), groups);
        const seen = new Set<string>();
        const unique = list.filter((item) =>
          !seen.has(JSON.stringify(item)) && !!seen.add(JSON.stringify(item))
        );
        assert.deepEqual(await result({ operation: "unique" }, list), unique);
        assert.deepEqual(await result({ operation: "reverse" }, list), [...list].reverse());
        assert.deepEqual(
          await result({ operation: "limit", limitCount: i + 1 }, list),
          list.slice(0, i + 1),
        );
        assert.deepEqual(await result({ operation: "skip", skipCount: i }, list), list.slice(i));
        assert.deepEqual(
          await result({ operation: "slice", sliceStart: i, sliceEnd: j - 6 }, list),
          list.slice(i, j - 6),
        );
        const nested = list.map((item) => [[item.v], item.k]);
        assert.deepEqual(await result({ operation: "flatten" }, nested), nested.flat(1));
        assert.deepEqual(
          await result({ operation: "flatten", flattenDepth: 2 }, nested),
          nested.flat(2),
        );
      },
    ),
    { numRuns: 50 },
  );
  // The platform's defaults: limit keeps 10, skip drops none, slice from 0 to the end.
  const twenty = Array.from({ length: 20 }, (_, n) => n);
  assert.deepEqual(await result({ operation: "limit" }, twenty), twenty.slice(0, 10));
  assert.deepEqual(await result({ operation: "skip" }, twenty), twenty);
  assert.deepEqual(await result({ operation: "slice" }, twenty), twenty);
});

Deno.test("transform: the output is the transformed data itself (no { result } wrapper)", async () => {
  assert.deepEqual(
    await transform({ operation: "group", groupKey: "k" }, [{ k: 1 }, { k: 2 }, { k: 1 }]),
    Object.assign(Object.create(null), { 1: [{ k: 1 }, { k: 1 }], 2: [{ k: 2 }] }),
  );
  assert.deepEqual(await transform({ operation: "map" }, [1, 2]), [1, 2]);
});

Deno.test("transform: one object is a list of one; no input takes the data parameter", async () => {
  const hello = await transform({ transformFunction: "item => `${item.message}!`" }, {
    message: "hi",
  });
  assert.deepEqual(hello, ["hi!"]);
  assert.deepEqual(await result({ operation: "reverse", data: [1, 2] }), [2, 1]);
  assert.deepEqual(await result({ operation: "reverse" }), []);
  await assert.rejects(transform({}, "text"), (error: Error & { code?: string }) => {
    assert.equal(error.code, "INVALID_INPUT");
    assert.match(error.message, /"map" needs a list \(or one object\).*string/);
    return true;
  });
});

Deno.test("transform: a path expression reads the item's own fields, as the platform's item.name", async () => {
  const list = [{ a: { b: 1 } }, { a: null }, {}, { a: { b: [2] } }];
  assert.deepEqual(await result({ transformFunction: "item.a.b" }, list), [
    1,
    undefined,
    undefined,
    [2],
  ]);
  assert.deepEqual(await result({ transformFunction: "item.constructor" }, [{}]), [undefined]);
  assert.deepEqual(await result({ transformFunction: "other.a" }, [{ a: 1 }]), [undefined]);
  assert.deepEqual(await result({ transformFunction: "item" }, [3]), [3]);
});

Deno.test("transform: async functions, function expressions and block bodies work", async () => {
  assert.deepEqual(await result({ transformFunction: "async (n) => n + 1" }, [1, 2]), [2, 3]);
  assert.deepEqual(await result({ transformFunction: "function (n) { return n * 3; }" }, [2]), [6]);
  assert.deepEqual(
    await result({ transformFunction: "n => { const m = n; return m; } // ok" }, [7]),
    [7],
  );
  assert.equal(
    await result({
      operation: "reduce",
      transformFunction: "({ acc, item, index }) => acc + item * index",
      reduceInitial: "100",
    }, [5, 5]),
    105,
  );
  assert.equal(
    await result({
      operation: "reduce",
      transformFunction: "({ acc }) => acc",
      reduceInitial: "text",
    }, [1]),
    "text",
  );
});

Deno.test("transform: a function that fails fails the node, naming the operation and the item (no fallback)", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ transformFunction: "n => n.x.y" }, /Transform "map" failed on item 1: .*'y'/],
    [
      { operation: "filter", transformFunction: "n => { throw new Error('no') }" },
      /Transform "filter" failed on item 0: no/,
    ],
    [
      { operation: "reduce", transformFunction: "async () => { throw new Error('late') }" },
      /Transform "reduce" failed on item 0: late/,
    ],
    [
      { transformFunction: "n => (" },
      /transformFunction of transform "map" is not valid JavaScript/,
    ],
    [
      { transformFunction: "'text'" },
      /transformFunction of transform "map" is not a function \(it is string\)/,
    ],
    [{ transformFunction: "  " }, /transformFunction of transform "map" is empty/],
  ];
  for (const [parameters, message] of cases) {
    await assert.rejects(
      transform(parameters, [{ x: { y: 1 } }, 2]),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "TRANSFORM_FUNCTION", String(error));
        assert.match(error.message, message);
        return true;
      },
    );
  }
  await assert.rejects(
    transform({ operation: "group" }, [1]),
    /group" needs groupKey \(or sortKey\)/,
  );
});

Deno.test("transform: group keys from the data stay data (__proto__, constructor, toString)", async () => {
  const list = [...new Set([...PROTOTYPE_KEYS, "toString", "constructor"])].map((k, n) => ({
    k,
    n,
  }));
  const grouped = await result({ operation: "group", groupKey: "k" }, list) as Record<
    string,
    unknown[]
  >;
  for (const item of list) {
    assert.deepEqual(Object.getOwnPropertyDescriptor(grouped, item.k)?.value?.[0], item);
  }
  // Items with __proto__ fields (as JSON.parse makes them) go through unique and sort as data too.
  const parsed = JSON.parse('[{"__proto__":{"polluted":1}},{"__proto__":{"polluted":1}},{"a":1}]');
  const unique = await result({ operation: "unique" }, parsed) as object[];
  assert.equal(unique.length, 2);
  assert.ok(Object.hasOwn(unique[0]!, "__proto__"));
  await result({ operation: "sort", sortKey: "__proto__" }, parsed);
  assertPrototypeClean();
});

Deno.test("transform: hostile strings through map, group and unique", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(hostileString()), async (list) => {
      assert.deepEqual(await result({ transformFunction: "s => s" }, list), list);
      const grouped = await result({ operation: "group", groupKey: "k" }, list.map((k) => ({ k })));
      assert.deepEqual(Object.keys(grouped as object).sort(), [...new Set(list)].sort());
      assert.deepEqual(await result({ operation: "unique" }, list), [...new Set(list)]);
    }),
    { numRuns: 50 },
  );
  assertPrototypeClean();
});

Deno.test("transform: a large list maps and sorts", async () => {
  const big = Array.from({ length: 200_000 }, (_, n) => (n * 7919) % 200_000);
  const sorted = await result({ operation: "sort" }, big) as number[];
  assert.deepEqual(sorted.slice(0, 3), [0, 1, 2]);
  assert.equal(
    (await result({ transformFunction: "n => n + 1" }, big) as number[]).length,
    200_000,
  );
});

Deno.test("transform condition: evaluates the while expression with index, previous, input and the platform's names", async () => {
  assert.equal(await module.condition({ code: "index < 3", index: 2 }), true);
  assert.equal(await module.condition({ code: "index < 3", index: 3 }), false);
  assert.equal(
    await module.condition({ parameters: { condition: "iteration < 1" }, index: 0 }),
    true,
  );
  assert.equal(
    await module.condition({ code: "previous.more", previous: { more: 1 }, index: 1 }),
    true,
  );
  assert.equal(await module.condition({ code: "lastResult === undefined", index: 0 }), true);
  assert.equal(
    await module.condition({ code: "input.limit > index", input: { limit: 2 }, index: 1 }),
    true,
  );
  await assert.rejects(
    module.condition({ code: "nope.x", index: 4 }),
    /while condition "nope.x" failed at iteration 4/,
  );
  await assert.rejects(module.condition({ code: "" }), /must be a JavaScript expression/);
  await assert.rejects(module.condition({ code: "index <" }), /not valid JavaScript/);
});
