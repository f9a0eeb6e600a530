// The page of bench/storage_browser_compare.ts: runs in Chromium, where IndexedDB is.
import { createStore, get, set } from "idb-keyval";
import { IndexedDBClient } from "@atomiton/storage/indexeddb";
import { compare, results } from "./_harness.ts";

const value = { id: 42, name: "Ada Lovelace", tags: ["admin", "ops"], active: true, score: 9.5 };
const KEYS = 100;
const key = (i: number): string => `user:${i % KEYS}`;

// IndexedDB as plain code uses it: one transaction per call on an open connection, nothing else.
interface Request {
  result: unknown;
  error: unknown;
  onsuccess: () => void;
  onerror: () => void;
}
interface Database {
  transaction(store: string, mode: string): {
    objectStore(name: string): { get(key: string): Request; put(v: unknown, k: string): void };
    oncomplete: () => void;
    onerror: () => void;
    onabort: () => void;
    error: unknown;
  };
}
const raw = await new Promise<Database>((resolve, reject) => {
  const indexedDB = (globalThis as unknown as {
    indexedDB: { open(name: string): Request & { onupgradeneeded: () => void } };
  }).indexedDB;
  const request = indexedDB.open("bench-raw");
  request.onupgradeneeded = () =>
    (request.result as { createObjectStore(name: string): void }).createObjectStore("keyval");
  request.onsuccess = () => resolve(request.result as Database);
  request.onerror = () => reject(request.error);
});
const rawGet = (k: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const request = raw.transaction("keyval", "readonly").objectStore("keyval").get(k);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
const rawSet = (k: string, v: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    const tx = raw.transaction("keyval", "readwrite");
    tx.objectStore("keyval").put(v, k);
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });

const ours = new IndexedDBClient({ database: "bench-ours" });
const theirs = createStore("bench-idb-keyval", "keyval");
for (let i = 0; i < KEYS; i++) {
  await ours.set(key(i), value);
  await set(key(i), value, theirs);
  await rawSet(key(i), value);
}

let n = 0;
const options = { roundMs: 100, rounds: 21 };
await compare(
  "IndexedDB get, small object",
  {
    name: "@atomiton/storage IndexedDBClient",
    fn: () => ours.get(key(n++)),
  },
  [
    { name: "idb-keyval get", fn: () => get(key(n++), theirs) },
    { name: "plain IndexedDB get, 1 tx", fn: () => rawGet(key(n++)) },
  ],
  options,
);
await compare(
  "IndexedDB set, small object",
  {
    name: "@atomiton/storage IndexedDBClient",
    fn: () => ours.set(key(n++), value),
  },
  [
    { name: "idb-keyval set", fn: () => set(key(n++), value, theirs) },
    { name: "plain IndexedDB put, 1 tx", fn: () => rawSet(key(n++), value) },
  ],
  options,
);
await ours.close();

(globalThis as { __result?: unknown }).__result = results;
