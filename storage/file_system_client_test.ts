import assert from "node:assert/strict";
import { FileSystemClient } from "./fs.ts";
import { FileSystemClient as DenoFileSystemClient } from "./fs_deno.ts";
import { FileSystemClient as NodeFileSystemClient } from "./fs_node.ts";
import { ops as denoOps } from "./_fs_deno_ops.ts";
import { OPS } from "./_fs_ops.ts";
import { InvalidKeyError } from "./invalid_key_error.ts";
import { StorageError } from "./storage_error.ts";
import type { StorageValue } from "./storage_client.ts";
import { cases, conformance } from "./testdata/conformance.ts";
import { bundleEntry, runOnNode } from "../scripts/testing/bundle.ts";
import { hostileKeys } from "./testdata/hostile_keys.ts";

const ESCAPE = "/tmp/atomiton-storage-escape";

// A store in a new temporary folder for each case, removed afterwards.
function conformanceIn(name: string, Client: typeof FileSystemClient): void {
  let parent = "";
  conformance(name, async () => {
    parent = await Deno.makeTempDir({ prefix: "atomiton-fs-" });
    return new Client({ directory: `${parent}/store` });
  }, { cleanup: () => Deno.remove(parent, { recursive: true }) });
}

conformanceIn("FileSystemClient (Deno)", DenoFileSystemClient);
conformanceIn("FileSystemClient (node:fs)", NodeFileSystemClient);
conformanceIn("FileSystemClient (runtime picked)", FileSystemClient);

Deno.test("FileSystemClient (node:fs) passes the conformance suite and never follows a planted link on Node itself", async () => {
  const outfile = await bundleEntry(
    new URL("./testdata/node_conformance.ts", import.meta.url).pathname,
    {
      platform: "node",
      outfile: `${await Deno.makeTempDir({ prefix: "atomiton-node-" })}/conformance.mjs`,
      external: false,
    },
  );
  const { stdout, code } = await runOnNode(outfile);
  assert.ok(code === 0);
  const { runtime, report, links } = JSON.parse(stdout);
  assert.equal(runtime, "undefined", "ran on Node, where there is no Deno");
  assert.equal(links, "ok");
  assert.deepEqual(report.failed, []);
  assert.deepEqual(report.passed, cases.map((c) => c.name));
  await Deno.remove(outfile.slice(0, outfile.lastIndexOf("/")), { recursive: true });
});

/** Every path under `root`, relative to it, but the store's format mark; folders end with "/". */
function tree(root: string, at = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(`${root}/${at}`)) {
    const path = at + entry.name;
    if (path === ".ttl-markers") continue;
    if (entry.isDirectory) out.push(`${path}/`, ...tree(root, `${path}/`));
    else out.push(path);
  }
  return out.sort();
}

async function withStore(
  fn: (storage: FileSystemClient, directory: string, parent: string) => Promise<void>,
  Client: typeof FileSystemClient = DenoFileSystemClient,
  options: { durability?: "atomic" | "fsync" } = {},
): Promise<void> {
  const parent = await Deno.makeTempDir({ prefix: "atomiton-fs-" });
  const directory = `${parent}/store`;
  const storage = new Client({ directory, ...options });
  try {
    await fn(storage, directory, parent);
  } finally {
    await storage.close();
    await Deno.remove(parent, { recursive: true });
  }
}

Deno.test("FileSystemClient maps keys to the documented file names", async () => {
  await withStore(async (storage, directory) => {
    await storage.set("User:1/profile", 1);
    await storage.set("a_b.txt", 2);
    await storage.set("CON", 3);
    await storage.set("é", 4);
    assert.deepEqual(tree(directory), [
      "+_43_4f_4e",
      "+_55ser_3a1_2fprofile",
      "+_c3_a9",
      "+a_5fb_2etxt",
    ]);
    assert.equal(await Deno.readTextFile(`${directory}/+a_5fb_2etxt`), "J\n2");
  });
});

Deno.test("FileSystemClient nests long keys in folders of 200 characters and prunes them", async () => {
  await withStore(async (storage, directory) => {
    const key = "a".repeat(401);
    await storage.set(key, new Uint8Array([1, 2]));
    const a200 = "a".repeat(200);
    assert.deepEqual(tree(directory), [`=${a200}/`, `=${a200}/=${a200}/`, `=${a200}/=${a200}/+a`]);
    const bytes = await Deno.readFile(`${directory}/=${a200}/=${a200}/+a`);
    assert.deepEqual([...bytes], [0x42, 0x0a, 1, 2], "a header line, then the raw bytes");
    await storage.set("a".repeat(250), 1);
    assert.equal(await storage.delete(key), true);
    assert.deepEqual(tree(directory), [`=${a200}/`, `=${a200}/+${"a".repeat(50)}`]);
    await storage.clear();
    assert.deepEqual(tree(directory), []);
  });
});

Deno.test("FileSystemClient with 10,000 hostile keys never creates a file outside its folder", async () => {
  await withStore(async (storage, directory, parent) => {
    await Deno.remove(ESCAPE, { recursive: true }).catch(() => {});
    const keys = hostileKeys(10_000, 42);
    const valid = new Set<string>();
    let refused = 0;
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500);
      await Promise.all(batch.map(async (key, j) => {
        try {
          await storage.set(key, i + j);
          valid.add(key);
        } catch (error) {
          assert.ok(error instanceof InvalidKeyError, `${JSON.stringify(key)}: ${error}`);
          refused++;
        }
      }));
    }
    assert.ok(refused > 500 && valid.size > 5000, `refused ${refused}, stored ${valid.size}`);
    assert.deepEqual(tree(parent).filter((path) => !path.startsWith("store/")), []);
    assert.ok(tree(parent).length > 5000, "the files are in the store");
    await assert.rejects(Deno.stat(ESCAPE), Deno.errors.NotFound);
    const names = tree(directory);
    for (const path of names) {
      for (const name of path.split("/").filter(Boolean)) {
        assert.match(name, /^(?:\+[a-z0-9_-]{1,200}|=[a-z0-9_-]{200})$/, path);
      }
    }
    const lower = new Set(names.map((name) => name.toLowerCase()));
    assert.equal(lower.size, names.length, "no two names differ only in case");
    const listed = await storage.keys();
    assert.equal(listed.length, valid.size);
    assert.deepEqual(new Set(listed), valid);
  });
});

Deno.test("FileSystemClient a reader never sees half a value while another client rewrites it", async () => {
  await withStore(async (writer, directory) => {
    await using reader = new DenoFileSystemClient({ directory });
    const a = "a".repeat(1 << 20);
    const b = new Uint8Array(1 << 20).fill(98);
    await writer.set("big", a);
    let stop = false;
    const writes = (async () => {
      for (let i = 0; i < 40; i++) await writer.set("big", i % 2 ? a : b);
      stop = true;
    })();
    let reads = 0;
    while (!stop) {
      const value = await reader.get("big");
      assert.ok(
        value === a ||
          (value instanceof Uint8Array && value.length === b.length &&
            value.every((x) => x === 98)),
      );
      reads++;
    }
    await writes;
    assert.ok(reads > 0);
  });
});

async function readAll(directory: string): Promise<Map<string, StorageValue>> {
  await using storage = new DenoFileSystemClient({ directory });
  const values = new Map<string, StorageValue>();
  for await (const [key, value] of storage.entries()) values.set(key, value);
  return values;
}

function assertComplete(key: string, value: StorageValue): void {
  if (value instanceof Uint8Array) {
    const size = new DataView(value.buffer).getUint32(0);
    assert.equal(value.length, size, `${key}: bytes cut short`);
    assert.ok(value.subarray(4).every((x) => x === value[4]), `${key}: bytes mixed`);
  } else {
    const { n, size, fill } = value as { n: number; size: number; fill: string };
    assert.equal(fill.length, size, `${key}: text cut short`);
    assert.equal(fill, String.fromCharCode(97 + (n % 26)).repeat(size), `${key}: text mixed`);
  }
}

async function killWriters(directory: string, runtimes: string[], rounds: number): Promise<void> {
  const script = new URL("./testdata/fs_writer.ts", import.meta.url).pathname;
  for (let round = 0; round < rounds; round++) {
    const children = runtimes.map((ops) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", script, directory, ops],
        stdout: "piped",
        stderr: "inherit",
      }).spawn()
    );
    await Promise.all(children.map(async (child) => {
      const reader = child.stdout.getReader();
      const { value } = await reader.read();
      assert.match(new TextDecoder().decode(value), /ready/);
      reader.releaseLock();
    }));
    await new Promise((resolve) => setTimeout(resolve, 5 + (round * 37) % 60));
    for (const child of children) child.kill("SIGKILL");
    for (const child of children) {
      const status = await child.status;
      assert.equal(status.signal, "SIGKILL");
      await child.stdout.cancel();
    }
    const values = await readAll(directory);
    assert.ok(values.size >= 8, `round ${round}: ${values.size} keys`);
    for (const [key, value] of values) assertComplete(key, value);
  }
}

Deno.test("FileSystemClient keeps every value whole when its writer is killed with SIGKILL, 20 times", async () => {
  const parent = await Deno.makeTempDir({ prefix: "atomiton-fs-kill-" });
  try {
    await killWriters(`${parent}/store`, ["deno"], 20);
    await using storage = new DenoFileSystemClient({ directory: `${parent}/store` });
    await storage.get("k0/");
    await storage.close();
    const left = tree(`${parent}/store`).filter((path) => path.endsWith(".tmp"));
    assert.deepEqual(left, [], "opening the store removed the temporary files a crash left");
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("FileSystemClient two processes writing the same store never tear a value", async () => {
  const parent = await Deno.makeTempDir({ prefix: "atomiton-fs-two-" });
  try {
    await killWriters(`${parent}/store`, ["deno", "node"], 3);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("FileSystemClient removes temporary files left by a crash and leaves other files alone", async () => {
  await withStore(async (storage, directory) => {
    const nested = `${directory}/=${"b".repeat(200)}`;
    await Deno.mkdir(nested, { recursive: true });
    await Deno.writeTextFile(`${directory}/.dead1-0.tmp`, "J\n1");
    await Deno.writeTextFile(`${nested}/.dead2-0.tmp`, "J\n1");
    await Deno.writeTextFile(`${directory}/notes.txt`, "mine");
    await Deno.writeTextFile(`${directory}/+_61`, "J\n1"); // "a" spelt the wrong way
    await Deno.mkdir(`${directory}/=short`);
    await Deno.writeTextFile(`${directory}/=short/+x`, "J\n1");
    assert.deepEqual(await storage.keys(), [], "only our own spelling counts as a key");
    await storage.close();
    assert.deepEqual(tree(directory), [
      "+_61",
      `=${"b".repeat(200)}/`,
      "=short/",
      "=short/+x",
      "notes.txt",
    ]);
  });
});

Deno.test("FileSystemClient reports a file it did not write as CORRUPT", async () => {
  await withStore(async (storage, directory) => {
    await storage.set("good", 1);
    await Deno.writeTextFile(`${directory}/+bad`, "not a record");
    await Deno.writeTextFile(`${directory}/+torn`, 'J\n{"a":');
    await assert.rejects(storage.get("bad"), { code: "CORRUPT", message: /"bad"/ });
    await assert.rejects(storage.stat("bad"), { code: "CORRUPT" });
    await assert.rejects(
      storage.get("torn"),
      (e) => e instanceof StorageError && e.code === "CORRUPT" && e.cause instanceof SyntaxError,
    );
    assert.equal(await storage.get("good"), 1);
  });
});

Deno.test("FileSystemClient removes an expired file when it is read", async () => {
  await withStore(async (storage, directory) => {
    await storage.set("gone", 1, { ttl: 20 });
    await storage.set("kept", 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(await storage.get("gone"), undefined);
    await storage.close();
    assert.deepEqual(tree(directory), ["+kept"]);
  });
});

Deno.test("FileSystemClient keeps a value another process wrote while it removed an expired one", async () => {
  const parent = await Deno.makeTempDir({ prefix: "atomiton-fs-" });
  const directory = `${parent}/store`;
  await using other = new DenoFileSystemClient({ directory });
  // On the rename that moves the expired file aside, another process writes a fresh value.
  class Racing extends DenoFileSystemClient {
    static override [OPS] = () => ({
      ...denoOps,
      async rename(from: string, to: string): Promise<void> {
        if (to.endsWith(".tmp") && !from.endsWith(".tmp")) await other.set("key", "fresh");
        await denoOps.rename(from, to);
      },
    });
  }
  await using storage = new Racing({ directory });
  try {
    await storage.set("key", "old", { ttl: 10 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(await storage.get("key"), undefined);
    await storage.close();
    assert.equal(await other.get("key"), "fresh");
    assert.deepEqual(tree(directory), ["+key"]);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("FileSystemClient with durability fsync flushes each write and reads back", async () => {
  await withStore(
    async (storage) => {
      assert.equal(storage.durability, "fsync");
      await storage.setMany([["a", 1], ["b", new Uint8Array([2])], ["c".repeat(300), 3]]);
      assert.deepEqual(await storage.getMany(["a", "b", "c".repeat(300)]), [
        1,
        new Uint8Array([2]),
        3,
      ]);
    },
    DenoFileSystemClient,
    { durability: "fsync" },
  );
  await withStore(
    async (storage) => {
      await storage.set("n", new Uint8Array([1]));
      assert.deepEqual(await storage.get("n"), new Uint8Array([1]));
    },
    NodeFileSystemClient,
    { durability: "fsync" },
  );
});

Deno.test("FileSystemClient recreates its folder when it is removed under it", async () => {
  await withStore(async (storage, directory) => {
    await storage.set("a", 1);
    await Deno.remove(directory, { recursive: true });
    assert.equal(await storage.get("a"), undefined);
    assert.deepEqual(await storage.keys(), []);
    await storage.set("b", 2);
    assert.equal(await storage.get("b"), 2);
  });
});

Deno.test("FileSystemClient rejects bad options with INVALID_OPTION", () => {
  for (
    const options of [{}, { directory: "" }, { directory: 1 }, {
      directory: "x",
      durability: "never",
    }]
  ) {
    assert.throws(
      () => new FileSystemClient(options as never),
      (e) => e instanceof StorageError && e.code === "INVALID_OPTION",
    );
  }
  assert.equal(new FileSystemClient({ directory: "/a/b///" }).directory, "/a/b");
  assert.equal(new FileSystemClient({ directory: "/" }).directory, "/");
});

Deno.test("FileSystemClient wraps file-system failures in BACKEND errors with the cause", async () => {
  const file = await Deno.makeTempFile();
  try {
    const storage = new DenoFileSystemClient({ directory: `${file}/store` });
    const error = await storage.set("a", 1).catch((e) => e);
    assert.ok(error instanceof StorageError);
    assert.equal(error.code, "BACKEND");
    assert.match(error.message, /Opening the store/);
    assert.ok(error.cause instanceof Error);
    await storage.close();
    await withStore(async (storage, directory) => {
      await Deno.mkdir(`${directory}/+a`, { recursive: true }); // a folder where a file goes
      for (const call of [() => storage.get("a"), () => storage.set("a", 1)]) {
        const failed = await call().catch((e) => e);
        assert.equal(failed.code, "BACKEND", String(failed));
        assert.match(failed.message, /"a"/);
      }
    });
  } finally {
    await Deno.remove(file);
  }
});
