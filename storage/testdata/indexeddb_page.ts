// The IndexedDB tests that run in Chromium: bundled by indexeddb_client_test.ts,
// which calls these functions in the page and asserts on what they return.
import { createStorageClient } from "../auto_browser.ts";
import { IndexedDBClient } from "../indexeddb_client.ts";
import { equal, ok, runConformance } from "./conformance.ts";

// Deno's types have no DOM: the few browser calls used here, typed by hand.
interface Request {
  result: { createObjectStore(name: string): void; close(): void };
  error: unknown;
  onsuccess: () => void;
  onerror: () => void;
  onblocked: () => void;
  onupgradeneeded: () => void;
}
const indexedDB = (globalThis as unknown as {
  indexedDB: {
    open(name: string, version: number): Request;
    deleteDatabase(name: string): Request;
  };
}).indexedDB;

let databases = 0;
const fresh = (): IndexedDBClient => new IndexedDBClient({ database: `test-${databases++}` });
let held: IndexedDBClient | undefined;

// Counts the transactions the page opens, by wrapping the browser's own method.
let transactions = 0;
const proto = (globalThis as unknown as { IDBDatabase: { prototype: { transaction: unknown } } })
  .IDBDatabase.prototype;
const transaction = proto.transaction as (...args: unknown[]) => unknown;
proto.transaction = function (this: unknown, ...args: unknown[]): unknown {
  transactions++;
  return transaction.apply(this, args);
};

const tests = {
  conformance: () => runConformance(fresh),

  async batchesUseOneTransaction(): Promise<void> {
    await using storage = fresh();
    await storage.set("warm-up", 1);
    const entries = Array.from({ length: 100 }, (_, i) => [`k${i}`, i] as const);
    for (
      const [call, expected] of [
        [() => storage.setMany(entries), 1],
        [() => storage.getMany(entries.map(([key]) => key)), 1],
        [() => storage.deleteMany(entries.map(([key]) => key)), 1],
        [() => storage.keys(), 1],
      ] as const
    ) {
      const before = transactions;
      await call();
      equal(transactions - before, expected, call.toString());
    }
  },

  async entriesPagesThroughManyTransactions(): Promise<void> {
    await using storage = fresh();
    await storage.setMany(Array.from({ length: 250 }, (_, i) => [`e:${i}`, i]));
    const before = transactions;
    let count = 0;
    for await (const [key] of storage.entries("e:")) {
      count++;
      if (count === 50) await storage.set(`f:${key}`, 1); // the loop holds no transaction open
    }
    equal(count, 250);
    equal(transactions - before, 4, "100 entries per page, and one write");
  },

  async reopensAfterTheDatabaseIsDeleted(): Promise<void> {
    await using storage = fresh();
    await storage.set("a", 1);
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(storage.database);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("delete blocked: the client kept its connection"));
    });
    equal(await storage.get("a"), undefined);
    await storage.set("b", 2);
    equal(await storage.get("b"), 2);
  },

  async addsItsStoreToAnExistingDatabase(): Promise<void> {
    const name = `existing-${databases++}`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 3);
      request.onupgradeneeded = () => request.result.createObjectStore("other");
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    await using storage = new IndexedDBClient({ database: name, store: "mine" });
    await storage.set("a", 1);
    equal(await storage.get("a"), 1);
  },

  async twoStoresInOneDatabaseStayApart(): Promise<void> {
    const name = `shared-${databases++}`;
    await using a = new IndexedDBClient({ database: name, store: "a" });
    await a.set("k", "from a");
    await using b = new IndexedDBClient({ database: name, store: "b" });
    await b.set("k", "from b");
    equal(await a.get("k"), "from a");
    equal(await b.get("k"), "from b");
  },

  async prepareForClearedSiteData(): Promise<void> {
    held = fresh();
    await held.set("before", 1);
    equal(await held.get("before"), 1);
  },

  async reopensAfterTheBrowserClosedTheConnection(): Promise<void> {
    const storage = held!;
    equal(await storage.get("before"), undefined, "the site data was cleared");
    await storage.set("after", 2);
    equal(await storage.get("after"), 2);
    await storage.close();
  },

  async autoPicksIndexedDB(): Promise<void> {
    await using storage = createStorageClient({ name: "auto-app" });
    ok(storage instanceof IndexedDBClient, "an IndexedDBClient");
    equal((storage as IndexedDBClient).database, "auto-app");
    await storage.set("a", 1);
    equal(await storage.get("a"), 1);
  },

  rejectsEmptyNames(): Promise<void> {
    for (const options of [{ database: "" }, { store: "" }]) {
      let code = "";
      try {
        new IndexedDBClient(options);
      } catch (error) {
        code = (error as { code: string }).code;
      }
      equal(code, "INVALID_OPTION");
    }
    ok(new IndexedDBClient().database === "atomiton", "default database name");
    return Promise.resolve();
  },
};

(globalThis as unknown as { storageTests: typeof tests }).storageTests = tests;
(globalThis as unknown as { ready: boolean }).ready = true;
