// The page of bench/storage_browser_compare.ts: runs in Chromium, where IndexedDB is.
import { createStore, get, set } from "idb-keyval";
import { IndexedDBClient } from "@atomiton/storage/indexeddb";
import { compare, results } from "./_harness.ts";

const value = { id: 42, name: "Ada Lovelace", tags: ["admin", "ops"], active: true, score: 9.5 };
const KEYS = 100;
const key = (i: number): string => `user:${i % KEYS}`;

const ours = new IndexedDBClient({ database: "bench-ours" });
const theirs = createStore("bench-idb-keyval", "keyval");
for (let i = 0; i < KEYS; i++) {
  await ours.set(key(i), value);
  await set(key(i), value, theirs);
}

let n = 0;
const options = { roundMs: 100, rounds: 11 };
await compare(
  "IndexedDB get, small object",
  {
    name: "@atomiton/storage IndexedDBClient",
    fn: () => ours.get(key(n++)),
  },
  [{ name: "idb-keyval get", fn: () => get(key(n++), theirs) }],
  options,
);
await compare(
  "IndexedDB set, small object",
  {
    name: "@atomiton/storage IndexedDBClient",
    fn: () => ours.set(key(n++), value),
  },
  [{ name: "idb-keyval set", fn: () => set(key(n++), value, theirs) }],
  options,
);
await ours.close();

(globalThis as { __result?: unknown }).__result = results;
