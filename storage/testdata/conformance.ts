// The conformance suite every backend and wrapper passes. It runs anywhere
// (Deno, Node, a browser page), so it brings its own small assertions instead
// of node:assert.
import { InvalidKeyError } from "../invalid_key_error.ts";
import { InvalidValueError } from "../invalid_value_error.ts";
import { StorageError } from "../storage_error.ts";
import type { StorageClient, StorageValue } from "../storage_client.ts";
import { INVALID_KEYS, TRICKY_KEYS } from "./hostile_keys.ts";
import { PROTOTYPE_KEYS } from "../../scripts/testing/hostile.ts";

/** One case: gets a fresh, empty client, which the runner closes afterwards. */
export interface ConformanceCase {
  readonly name: string;
  readonly fn: (storage: StorageClient) => Promise<void>;
}

export class AssertionError extends Error {
  override name = "AssertionError";
}

function show(value: unknown): string {
  if (value instanceof Uint8Array) {
    return `Uint8Array(${value.length})[${[...value.slice(0, 8)].join(",")}${
      value.length > 8 ? ",…" : ""
    }]`;
  }
  if (value === undefined) return "undefined";
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    Object.hasOwn(b, k) &&
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
  );
}

export function equal(actual: unknown, expected: unknown, message = ""): void {
  if (!same(actual, expected)) {
    throw new AssertionError(
      `${message ? message + ": " : ""}${show(actual)} !== ${show(expected)}`,
    );
  }
}

export function ok(value: unknown, message: string): void {
  if (!value) throw new AssertionError(message);
}

export async function rejects(
  fn: () => Promise<unknown>,
  type: new (...args: never[]) => Error,
  code: string,
  message?: RegExp,
): Promise<void> {
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  ok(error !== undefined, `expected ${type.name} ${code}, but it resolved`);
  ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  ok((error as StorageError).code === code, `expected code ${code}, got ${String(error)}`);
  if (message) {
    ok(message.test((error as Error).message), `${(error as Error).message} !~ ${message}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (keys: string[]): string[] => [...keys].sort();

async function collect(
  iterator: AsyncIterable<[string, StorageValue]>,
): Promise<[string, StorageValue][]> {
  const out: [string, StorageValue][] = [];
  for await (const entry of iterator) out.push(entry);
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const bytes = (n: number, seed = 7): Uint8Array => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};

const JSON_VALUES: readonly StorageValue[] = [
  null,
  true,
  false,
  0,
  -1.5,
  1e300,
  Number.MAX_SAFE_INTEGER,
  "",
  "text",
  'quotes " and \\ and \n newlines',
  "日本語 😀 e\u0301",
  [],
  {},
  [1, "two", null, [3], { four: 4 }],
  { nested: { deeper: { deepest: [true, false] } }, "key with spaces": 1, "": "empty key" },
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

const BAD_VALUES: readonly (readonly [unknown, string])[] = [
  [undefined, "$"],
  [NaN, "$"],
  [Infinity, "$"],
  [() => 1, "$"],
  [Symbol("s"), "$"],
  [10n, "$"],
  [new Date(0), "$"],
  [new Map(), "$"],
  [new Set([1]), "$"],
  [new (class Point {})(), "$"],
  [new Uint16Array(2), "$"],
  [new ArrayBuffer(2), "$"],
  [{ a: { b: undefined } }, "$.a.b"],
  [{ list: [1, 2, () => 3] }, "$.list[2]"],
  [{ "odd key": NaN }, '$["odd key"]'],
  [[new Uint8Array(1)], "$[0]"],
];

export const cases: readonly ConformanceCase[] = [
  {
    name: "get() returns undefined for a missing key",
    fn: async (s) => {
      equal(await s.get("missing"), undefined);
    },
  },
  {
    name: "set() and get() round-trip every kind of JSON value",
    fn: async (s) => {
      for (const [i, value] of JSON_VALUES.entries()) await s.set(`json:${i}`, value);
      for (const [i, value] of JSON_VALUES.entries()) {
        equal(await s.get(`json:${i}`), value, `value ${i}`);
      }
      const proto = await s.get<Record<string, unknown>>(`json:${JSON_VALUES.length - 1}`);
      ok(Object.hasOwn(proto!, "__proto__"), "__proto__ stays an own key");
      ok(!("polluted" in {}), "Object.prototype is untouched");
    },
  },
  {
    name: "set() and get() keep bytes as a plain Uint8Array",
    fn: async (s) => {
      const all = new Uint8Array(256).map((_, i) => i);
      const view = new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5);
      await s.set("bytes:empty", new Uint8Array(0));
      await s.set("bytes:all", all);
      await s.set("bytes:view", view);
      equal(await s.get("bytes:empty"), new Uint8Array(0));
      equal(await s.get("bytes:all"), all);
      const back = await s.get("bytes:view");
      equal(back, new Uint8Array([1, 2, 3]), "only the view's bytes are stored");
      ok(Object.getPrototypeOf(back) === Uint8Array.prototype, "a plain Uint8Array comes back");
    },
  },
  {
    name: "set() replaces a value, also with one of another kind",
    fn: async (s) => {
      await s.set("k", { a: 1 });
      await s.set("k", new Uint8Array([1]));
      equal(await s.get("k"), new Uint8Array([1]));
      await s.set("k", "text");
      equal(await s.get("k"), "text");
    },
  },
  {
    name: "get() returns a copy: changing it or the original never changes what is stored",
    fn: async (s) => {
      const value = { list: [1, 2], inner: { n: 1 } };
      await s.set("obj", value);
      value.list.push(3);
      value.inner.n = 99;
      const first = (await s.get<{ list: number[]; inner: { n: number } }>("obj"))!;
      equal(first, { list: [1, 2], inner: { n: 1 } });
      first.list.push(4);
      first.inner.n = 5;
      equal(await s.get("obj"), { list: [1, 2], inner: { n: 1 } });
      const raw = new Uint8Array([1, 2, 3]);
      await s.set("raw", raw);
      raw[0] = 42;
      const read = (await s.get<Uint8Array>("raw"))!;
      read[1] = 42;
      equal(await s.get("raw"), new Uint8Array([1, 2, 3]));
      const [many] = await s.getMany(["obj"]);
      (many as { list: number[] }).list.length = 0;
      for await (const [, entry] of s.entries("obj")) (entry as { inner: object }).inner = {};
      equal(await s.get("obj"), { list: [1, 2], inner: { n: 1 } });
    },
  },
  {
    name: "has() tells whether a key has a value",
    fn: async (s) => {
      equal(await s.has("a"), false);
      await s.set("a", null);
      equal(await s.has("a"), true, "null is a value");
      await s.set("b", false);
      equal(await s.has("b"), true, "false is a value");
    },
  },
  {
    name: "delete() removes a key and says whether it had a value",
    fn: async (s) => {
      await s.set("a", 1);
      equal(await s.delete("a"), true);
      equal(await s.get("a"), undefined);
      equal(await s.delete("a"), false);
      equal(await s.delete("never"), false);
    },
  },
  {
    name: "keys() lists every key, or those with a prefix",
    fn: async (s) => {
      equal(await s.keys(), []);
      for (const key of ["user:1", "user:2", "user:10", "users", "job:1", "u"]) await s.set(key, 1);
      equal(sorted(await s.keys()), ["job:1", "u", "user:1", "user:10", "user:2", "users"]);
      equal(sorted(await s.keys("user:")), ["user:1", "user:10", "user:2"]);
      equal(sorted(await s.keys("user")), ["user:1", "user:10", "user:2", "users"]);
      equal(sorted(await s.keys("user:1")), ["user:1", "user:10"]);
      equal(await s.keys("nothing"), []);
      equal(sorted(await s.keys("")), sorted(await s.keys()));
    },
  },
  {
    name: "keys() with a prefix works across long keys and Unicode",
    fn: async (s) => {
      const long = "x".repeat(300);
      const keys = [long, `${long}a`, `${long}b`, `${"x".repeat(199)}y`, "日本", "日本語", "本"];
      for (const key of keys) await s.set(key, key.length);
      equal(sorted(await s.keys("x".repeat(250))), sorted([long, `${long}a`, `${long}b`]));
      equal(sorted(await s.keys(`${long}a`)), [`${long}a`]);
      equal(sorted(await s.keys("x".repeat(199))), sorted(keys.slice(0, 4)));
      equal(sorted(await s.keys("日")), ["日本", "日本語"]);
      equal(await s.get(`${long}b`), 301);
    },
  },
  {
    name: "every valid key round-trips exactly through keys(), each to its own value",
    fn: async (s) => {
      await s.setMany(TRICKY_KEYS.map((key, i) => [key, i]));
      equal(sorted(await s.keys()), sorted([...TRICKY_KEYS]));
      const values = await s.getMany(TRICKY_KEYS);
      equal(values, TRICKY_KEYS.map((_, i) => i), "case and normalization twins stay apart");
      for (const [i, key] of TRICKY_KEYS.entries()) {
        if (i % 7 === 0) equal(await s.get(key), i, JSON.stringify(key));
      }
    },
  },
  {
    name: "invalid keys are refused with InvalidKeyError by every method",
    fn: async (s) => {
      for (const [key, message] of INVALID_KEYS) {
        const k = key as string;
        await rejects(() => s.get(k), InvalidKeyError, "INVALID_KEY", message);
        await rejects(() => s.set(k, 1), InvalidKeyError, "INVALID_KEY", message);
        await rejects(() => s.has(k), InvalidKeyError, "INVALID_KEY");
        await rejects(() => s.delete(k), InvalidKeyError, "INVALID_KEY");
        await rejects(() => s.stat(k), InvalidKeyError, "INVALID_KEY");
        await rejects(() => s.getMany(["ok", k]), InvalidKeyError, "INVALID_KEY");
        await rejects(() => s.setMany([["ok", 1], [k, 1]]), InvalidKeyError, "INVALID_KEY");
        await rejects(() => s.deleteMany(["ok", k]), InvalidKeyError, "INVALID_KEY");
      }
      equal(await s.keys(), [], "nothing was written");
      for (const prefix of ["\0", "a\ud800", "x".repeat(1025)]) {
        await rejects(() => s.keys(prefix), InvalidKeyError, "INVALID_KEY");
        await rejects(() => s.clear(prefix), InvalidKeyError, "INVALID_KEY");
        await rejects(() => s.entries(prefix).next(), InvalidKeyError, "INVALID_KEY");
      }
    },
  },
  {
    name: "set() refuses anything but JSON and bytes with InvalidValueError, writing nothing",
    fn: async (s) => {
      await s.set("a", "before");
      for (const [value, path] of BAD_VALUES) {
        await rejects(() => s.set("a", value as StorageValue), InvalidValueError, "INVALID_VALUE");
        const error = await s.set("b", value as StorageValue).catch((e) => e);
        equal(error.path, path, `path of ${String(error.message)}`);
      }
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      await rejects(() => s.set("a", cycle as StorageValue), InvalidValueError, "INVALID_VALUE");
      equal(await s.get("a"), "before");
      equal(await s.has("b"), false);
    },
  },
  {
    name: "set() refuses a ttl that is not milliseconds above 0, writing nothing",
    fn: async (s) => {
      for (const ttl of [0, -1, NaN, "10", null]) {
        await rejects(
          () => s.set("a", 1, { ttl: ttl as number }),
          StorageError,
          "INVALID_OPTION",
          /ttl/,
        );
        await rejects(
          () => s.setMany([["a", 1]], { ttl: ttl as number }),
          StorageError,
          "INVALID_OPTION",
        );
      }
      equal(await s.has("a"), false);
      await s.set("a", 1, { ttl: Infinity });
      equal((await s.stat("a"))?.expires, undefined, "Infinity never expires");
    },
  },
  {
    name: "set() rounds a fractional ttl up to whole milliseconds and reads it back",
    fn: async (s) => {
      const before = Date.now();
      await s.set("frac", "v", { ttl: 60_000.5 });
      await s.setMany([["frac:many", 1]], { ttl: 1500.25 });
      const expires = (await s.stat("frac"))?.expires;
      ok(Number.isInteger(expires), `expires ${expires} is whole milliseconds`);
      ok(expires! >= before + 60_001, `expires ${expires} rounded up from ${before} + 60000.5`);
      equal(await s.get("frac"), "v");
      equal(await s.has("frac"), true);
      ok(Number.isInteger((await s.stat("frac:many"))?.expires), "setMany() rounds too");
      equal(sorted(await s.keys("frac")), ["frac", "frac:many"]);
    },
  },
  {
    name: "set() refuses a ttl that ends past the largest date, writing nothing",
    fn: async (s) => {
      await s.set("a", "before");
      for (const ttl of [1e21, 8.64e15, Number.MAX_VALUE, 8.64e15 - Date.now() + 1e9]) {
        await rejects(
          () => s.set("a", 1, { ttl }),
          StorageError,
          "INVALID_OPTION",
          /largest date, 8640000000000000 ms since the epoch/,
        );
        await rejects(() => s.setMany([["b", 1]], { ttl }), StorageError, "INVALID_OPTION");
      }
      equal(await s.get("a"), "before");
      equal(await s.has("b"), false);
      await s.set("far", 1, { ttl: 8.64e15 - Date.now() - 1e9 }); // ends a few days before it
      equal(await s.get("far"), 1);
    },
  },
  {
    name: "keys named like Object.prototype members are plain data",
    fn: async (s) => {
      for (const [i, key] of PROTOTYPE_KEYS.entries()) await s.set(key, { i, [key]: key });
      for (const [i, key] of PROTOTYPE_KEYS.entries()) {
        equal(await s.get(key), JSON.parse(JSON.stringify({ i, [key]: key })), key);
        equal(await s.has(key), true, `has ${key}`);
      }
      equal(await s.has("missing"), false);
      equal(sorted(await s.keys()), sorted([...PROTOTYPE_KEYS]));
      equal(await s.getMany([...PROTOTYPE_KEYS]).then((v) => v.length), PROTOTYPE_KEYS.length);
      equal(await s.deleteMany(["__proto__", "constructor"]), 2);
      equal(await s.get("__proto__"), undefined);
      ok(
        !("i" in {}) && typeof ({} as { constructor: unknown }).constructor === "function",
        "Object.prototype is untouched",
      );
      await s.clear();
      equal(await s.keys(), []);
    },
  },
  {
    name: "entries() iterates every entry, or those with a prefix",
    fn: async (s) => {
      const expected: [string, StorageValue][] = [];
      for (let i = 0; i < 250; i++) expected.push([`e:${String(i).padStart(3, "0")}`, { i }]);
      await s.setMany(expected);
      await s.setMany([["other", new Uint8Array([1])], ["f", "x"]]);
      equal(await collect(s.entries("e:")), expected);
      const all = await collect(s.entries());
      equal(all.length, 252);
      equal(all[0], ["e:000", { i: 0 }]);
      equal(all[251], ["other", new Uint8Array([1])]);
      let seen = 0;
      for await (const _ of s.entries()) if (++seen === 3) break;
      equal(seen, 3, "breaking out early is fine");
    },
  },
  {
    name: "clear() removes the keys with a prefix, or every key",
    fn: async (s) => {
      await s.setMany([["tmp:1", 1], ["tmp:2", 2], ["tmpx", 3], ["keep", 4], ["x".repeat(300), 5]]);
      await s.clear("tmp:");
      equal(sorted(await s.keys()), ["keep", "tmpx", "x".repeat(300)]);
      await s.clear("x".repeat(250));
      equal(sorted(await s.keys()), ["keep", "tmpx"]);
      await s.clear();
      equal(await s.keys(), []);
      equal(await s.get("keep"), undefined);
      await s.set("after", 1);
      equal(await s.get("after"), 1, "usable after clear()");
    },
  },
  {
    name: "getMany() reads values in order, undefined for missing keys",
    fn: async (s) => {
      equal(await s.getMany([]), []);
      await s.setMany([["a", 1], ["b", new Uint8Array([2])]]);
      equal(await s.getMany(["a", "missing", "b", "a"]), [1, undefined, new Uint8Array([2]), 1]);
    },
  },
  {
    name: "setMany() writes every pair; a later pair for the same key wins",
    fn: async (s) => {
      await s.setMany([]);
      await s.setMany([["a", 1], ["b", { two: 2 }], ["a", 3]]);
      equal(await s.getMany(["a", "b"]), [3, { two: 2 }]);
    },
  },
  {
    name: "setMany() writes nothing when one value is invalid",
    fn: async (s) => {
      await s.set("a", "old");
      await rejects(
        () => s.setMany([["a", "new"], ["b", 1], ["c", undefined as unknown as StorageValue]]),
        InvalidValueError,
        "INVALID_VALUE",
      );
      equal(await s.get("a"), "old");
      equal(await s.has("b"), false);
    },
  },
  {
    name: "deleteMany() removes keys and counts those that had values",
    fn: async (s) => {
      await s.setMany([["a", 1], ["b", 2], ["c", 3]]);
      equal(await s.deleteMany(["a", "b", "missing", "a"]), 2);
      equal(sorted(await s.keys()), ["c"]);
      equal(await s.deleteMany([]), 0);
    },
  },
  {
    name: "stat() reports size in bytes, modified time and expiry",
    fn: async (s) => {
      equal(await s.stat("missing"), undefined);
      const before = Date.now();
      await s.set("text", "héllo");
      await s.set("bytes", new Uint8Array(5));
      await s.set("obj", { a: [1, 2] }, { ttl: 60_000 });
      const after = Date.now();
      const text = (await s.stat("text"))!;
      equal(text.size, 8, 'size of "héllo" in UTF-8 with its quotes');
      equal(text.expires, undefined);
      ok(
        text.modified >= before - 2000 && text.modified <= after + 2000,
        `modified ${text.modified} near ${before}`,
      );
      equal((await s.stat("bytes"))!.size, 5);
      const obj = (await s.stat("obj"))!;
      equal(obj.size, '{"a":[1,2]}'.length);
      ok(
        obj.expires! >= before + 59_000 && obj.expires! <= after + 61_000,
        `expires ${obj.expires} about a minute after ${before}`,
      );
    },
  },
  {
    name: "an expired entry is never returned, by any method",
    fn: async (s) => {
      await s.set("short", "soon gone", { ttl: 40 });
      await s.setMany([["short:many", 1]], { ttl: 40 });
      await s.set("long", "stays", { ttl: 60_000 });
      // Only "gone after the ttl" is asserted: "still there before it" would race the clock.
      await sleep(120);
      equal(await s.get("short"), undefined);
      equal(await s.has("short"), false);
      equal(await s.stat("short"), undefined);
      equal(await s.getMany(["short", "short:many", "long"]), [undefined, undefined, "stays"]);
      equal(await s.keys(), ["long"]);
      equal(await collect(s.entries()), [["long", "stays"]]);
      await s.set("again", 1, { ttl: 40 });
      await sleep(120);
      equal(await s.delete("again"), false, "an expired entry does not count as deleted");
      equal(await s.deleteMany(["short:many"]), 0);
    },
  },
  {
    name: "set() without ttl makes an expiring entry permanent",
    fn: async (s) => {
      await s.set("a", 1, { ttl: 40 });
      await s.set("a", 2);
      await sleep(100);
      equal(await s.get("a"), 2);
      equal((await s.stat("a"))?.expires, undefined);
    },
  },
  {
    name: "writes to one key keep their order",
    fn: async (s) => {
      const writes = [];
      for (let i = 0; i < 30; i++) writes.push(s.set("counter", i));
      writes.push(s.delete("counter"), s.set("counter", "last"));
      await Promise.all(writes);
      equal(await s.get("counter"), "last");
    },
  },
  {
    name: "large values round-trip",
    fn: async (s) => {
      const text = "0123456789abcdef".repeat(65536); // 1 MiB
      const blob = bytes(2 * 1024 * 1024);
      await s.set("text", text);
      await s.set("blob", blob);
      equal(await s.get("text"), text);
      equal(await s.get("blob"), blob);
      equal((await s.stat("blob"))!.size, blob.length);
    },
  },
  {
    name: "close() makes later calls reject with CLOSED; closing again is fine",
    fn: async (s) => {
      await s.set("a", 1);
      await s.close();
      await s.close();
      await rejects(() => s.get("a"), StorageError, "CLOSED");
      await rejects(() => s.set("a", 1), StorageError, "CLOSED");
      await rejects(() => s.has("a"), StorageError, "CLOSED");
      await rejects(() => s.delete("a"), StorageError, "CLOSED");
      await rejects(() => s.keys(), StorageError, "CLOSED");
      await rejects(() => s.entries().next(), StorageError, "CLOSED");
      await rejects(() => s.clear(), StorageError, "CLOSED");
      await rejects(() => s.getMany(["a"]), StorageError, "CLOSED");
      await rejects(() => s.setMany([["a", 1]]), StorageError, "CLOSED");
      await rejects(() => s.deleteMany(["a"]), StorageError, "CLOSED");
      await rejects(() => s.stat("a"), StorageError, "CLOSED");
    },
  },
  {
    name: "[Symbol.asyncDispose]() closes the client",
    fn: async (s) => {
      await s[Symbol.asyncDispose]();
      await rejects(() => s.get("a"), StorageError, "CLOSED");
    },
  },
];

/** The outcome of running the suite somewhere the Deno test runner is not. */
export interface ConformanceReport {
  readonly passed: string[];
  readonly failed: [name: string, error: string][];
}

/** Runs every case against fresh clients from `make`; for browser pages and Node. */
export async function runConformance(
  make: () => Promise<StorageClient> | StorageClient,
): Promise<ConformanceReport> {
  const report: ConformanceReport = { passed: [], failed: [] };
  for (const c of cases) {
    const storage = await make();
    try {
      await c.fn(storage);
      report.passed.push(c.name);
    } catch (error) {
      report.failed.push([
        c.name,
        error instanceof Error ? error.stack ?? error.message : String(error),
      ]);
    } finally {
      await storage.close().catch(() => {});
    }
  }
  return report;
}

/**
 * Registers every case as a `Deno.test` named after the client:
 * "MemoryClient get() returns undefined for a missing key".
 */
export function conformance(
  name: string,
  make: () => Promise<StorageClient> | StorageClient,
  options: { ignore?: boolean; cleanup?: () => Promise<void> } = {},
): void {
  for (const c of cases) {
    Deno.test({
      name: `${name} ${c.name}`,
      ignore: options.ignore ?? false,
      async fn(): Promise<void> {
        const storage = await make();
        try {
          await c.fn(storage);
        } finally {
          await storage.close();
          await options.cleanup?.();
        }
      },
    });
  }
}
