// FileSystemClient under faults and hostile stores: planted links, several processes,
// a full disk, a read-only store, and listing that opens only files that can expire.
import assert from "node:assert/strict";
import { FileSystemClient as DenoFileSystemClient } from "./fs_deno.ts";
import { FileSystemClient as NodeFileSystemClient } from "./fs_node.ts";
import { ops as denoOps } from "./_fs_deno_ops.ts";
import { type FsOps, OPS } from "./_fs_ops.ts";
import { StorageError } from "./storage_error.ts";
import { linkChecks } from "./testdata/fs_links.ts";
import { hasFileSystem, noFileSystem } from "./_fs_runtime.ts";
import { runInChromium } from "../scripts/testing/chromium.ts";
import { ignoreUnless } from "../scripts/testing/needs.ts";

const CLIENTS = [["Deno", DenoFileSystemClient], ["node:fs", NodeFileSystemClient]] as const;

async function inTemp(fn: (parent: string) => Promise<void>): Promise<void> {
  const parent = await Deno.makeTempDir({ prefix: "atomiton-fs-safety-" });
  try {
    await fn(parent);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
}

/** Every file under `root` (recursively), relative to it. */
function files(root: string, at = ""): string[] {
  return [...Deno.readDirSync(`${root}/${at}`)].flatMap((entry) =>
    entry.isDirectory ? files(root, `${at}${entry.name}/`) : [`${at}${entry.name}`]
  );
}

for (const [name, Client] of CLIENTS) {
  Deno.test(`FileSystemClient (${name}) never follows a file or folder link planted in its store`, async () => {
    await linkChecks((directory) => new Client({ directory }));
  });
}

async function run(command: string, ...args: string[]): Promise<boolean> {
  const output = await new Deno.Command(command, { args, stdout: "null", stderr: "null" })
    .output().catch(() => ({ success: false }));
  return output.success;
}

// Mounting needs root: where it is refused, the caller's fallback is the test that runs.
async function withMount(
  at: string,
  mount: string[][],
  fn: () => Promise<void>,
): Promise<boolean> {
  for (const args of mount) {
    if (!(await run("mount", ...args))) {
      if (args !== mount[0]) await run("umount", at);
      return false;
    }
  }
  try {
    await fn();
  } finally {
    assert.ok(await run("umount", at), `umount ${at}`);
  }
  return true;
}

async function noTemporaryFileAfterFullDisk(
  Client: typeof DenoFileSystemClient,
  directory: string,
): Promise<void> {
  await using storage = new Client({ directory });
  await storage.set("a", "small");
  const big = "x".repeat(256 * 1024);
  for (const key of ["a", "b", "c".repeat(300)]) {
    const error = await storage.set(key, big).catch((e) => e);
    assert.ok(error instanceof StorageError, String(error));
    assert.equal(error.code, "BACKEND");
    assert.equal((error.cause as { code?: string }).code, "ENOSPC");
  }
  assert.equal(await storage.get("a"), "small", "the old value stays");
  assert.deepEqual(files(directory).filter((path) => path.endsWith(".tmp")), [], "no partial file");
}

Deno.test("FileSystemClient removes its temporary file at once when a write fails on a full disk", async () => {
  await inTemp(async (parent) => {
    // Any user: the write stores half the bytes, then fails with the OS's own ENOSPC (from /dev/full).
    class HalfWrite extends DenoFileSystemClient {
      static override [OPS] = (): FsOps => ({
        ...denoOps,
        async write(path, data, sync): Promise<void> {
          if (data.length < 1024) return await denoOps.write(path, data, sync);
          await denoOps.write(path, data.slice(0, data.length >> 1), sync);
          await Deno.writeTextFile("/dev/full", "x"); // throws ENOSPC
        },
      });
    }
    await noTemporaryFileAfterFullDisk(HalfWrite, `${parent}/store`);
    // As root: a real 64 KiB tmpfs that fills up under the write.
    const at = `${parent}/tiny`;
    await Deno.mkdir(at);
    const ran = await withMount(at, [["-t", "tmpfs", "-o", "size=64k", "tmpfs", at]], async () => {
      for (const [, Client] of CLIENTS) await noTemporaryFileAfterFullDisk(Client, `${at}/store`);
    });
    // deno-lint-ignore no-console -- say what did not run
    if (!ran) console.warn("SKIP: the full-tmpfs half of this test needs root (mount)");
  });
});

async function deniedWrites(
  Client: typeof DenoFileSystemClient,
  directory: string,
): Promise<void> {
  await using storage = new Client({ directory });
  assert.equal(await storage.get("a"), 1, "reads work");
  assert.deepEqual((await storage.keys()).sort(), ["a", "b".repeat(300)]);
  for (
    const call of [
      () => storage.set("a", 2),
      () => storage.set("new", 2),
      () => storage.set("b".repeat(300), 2),
      () => storage.delete("a"),
      () => storage.clear(),
    ]
  ) {
    const error = await call().catch((e) => e);
    assert.ok(error instanceof StorageError, String(error));
    assert.equal(error.code, "PERMISSION_DENIED", String(error));
    assert.match((error.cause as { code: string }).code, /^(?:EROFS|EACCES|EPERM)$/);
    assert.match(error.message, /refused access/);
  }
  // The message names what was being removed: the key, or how many.
  for (const [keys, what] of [[["a"], 'Removing "a"'], [["a", "x"], "Removing 2 keys"]] as const) {
    const error = await storage.deleteMany(keys).catch((e) => e);
    assert.equal(error.code, "PERMISSION_DENIED", String(error));
    assert.ok(error.message.startsWith(what), error.message);
  }
  assert.equal(await storage.get("a"), 1, "nothing changed");
}

Deno.test("FileSystemClient says PERMISSION_DENIED, with the OS error, for a write to a read-only store", async () => {
  await inTemp(async (parent) => {
    const source = `${parent}/store`;
    {
      await using storage = new DenoFileSystemClient({ directory: source });
      await storage.setMany([["a", 1], ["b".repeat(300), 2]]);
    }
    const at = `${parent}/readonly`;
    await Deno.mkdir(at);
    // As root (where modes deny nothing) a read-only bind mount; otherwise a folder without write mode.
    const mount = [["--bind", source, at], ["-o", "remount,bind,ro", at]];
    const ran = await withMount(at, mount, async () => {
      for (const [, Client] of CLIENTS) await deniedWrites(Client, at);
    });
    if (!ran) {
      assert.notEqual(Deno.uid(), 0, "root can mount");
      for (const folder of [source, `${source}/=${"b".repeat(200)}`]) {
        await Deno.chmod(folder, 0o555);
      }
      for (const [, Client] of CLIENTS) await deniedWrites(Client, source);
      for (const folder of [source, `${source}/=${"b".repeat(200)}`]) {
        await Deno.chmod(folder, 0o755);
      }
    }
  });
});

Deno.test("FileSystemClient: four processes setting, deleting and clearing nested keys in one store all succeed", async () => {
  await inTemp(async (parent) => {
    const directory = `${parent}/store`;
    const script = new URL("./testdata/fs_hammer.ts", import.meta.url).pathname;
    const children = ["deno", "node", "deno", "node"].map((ops, seed) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", script, directory, ops, String(seed), "400"],
        stdout: "piped",
        stderr: "piped",
      }).output()
    );
    for (const { success, stdout, stderr } of await Promise.all(children)) {
      const out = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
      assert.ok(success, out);
      assert.match(out, /^done 400$/m);
    }
    // What is left reads back whole, and no link, temporary file or stray marker is left once cleared.
    await using storage = new DenoFileSystemClient({ directory });
    for (const key of await storage.keys()) assert.ok(await storage.get(key));
    await storage.clear();
    assert.deepEqual(files(directory), [".ttl-markers"]);
  });
});

// A client whose reads are counted: listing must open only the files that can expire.
function counting(): [typeof DenoFileSystemClient, { opened: number }] {
  const count = { opened: 0 };
  class Counting extends DenoFileSystemClient {
    static override [OPS] = (): FsOps => ({
      ...denoOps,
      head: (path, length) => (count.opened++, denoOps.head(path, length)),
      read: (path) => (count.opened++, denoOps.read(path)),
    });
  }
  return [Counting, count];
}

Deno.test("FileSystemClient keys() opens only the files of values that can expire", async () => {
  await inTemp(async (parent) => {
    const [Counting, count] = counting();
    await using storage = new Counting({ directory: `${parent}/store` });
    await storage.setMany(Array.from({ length: 200 }, (_, i) => [`k${i}`, i] as const));
    await storage.set("x".repeat(450), "nested");
    await storage.set("soon", 1, { ttl: 1 });
    await storage.set("later", 1, { ttl: 60_000 });
    await storage.set("k0", 0, { ttl: 60_000 }); // marked
    await storage.set("k0", 0); // its marker stays: a write does not pay to remove it
    await storage.set("t".repeat(450), 1, { ttl: 60_000 });
    await storage.delete("t".repeat(450)); // its marker and folders go with it
    await new Promise((resolve) => setTimeout(resolve, 20)); // "soon" has expired
    const markers = (): string[] =>
      files(`${parent}/store`).filter((name) => name.includes("~")).sort();
    assert.deepEqual(markers(), ["~k0", "~later", "~soon"]);
    count.opened = 0;
    const keys = await storage.keys();
    assert.equal(keys.length, 202);
    assert.ok(keys.includes("k0") && keys.includes("later") && keys.includes("x".repeat(450)));
    assert.ok(!keys.includes("soon"));
    await storage.close(); // waits for the stale marker's removal, which runs in k0's turn
    // Listing opened soon, later and k0 (marked); removing k0's stale marker checked k0 again.
    assert.equal(count.opened, 4);
    assert.deepEqual(markers(), ["~later", "~soon"]);
    await using again = new Counting({ directory: `${parent}/store` });
    count.opened = 0;
    assert.equal((await again.keys()).length, 202);
    assert.equal(count.opened, 2, "only soon and later were opened");
  });
});

Deno.test("FileSystemClient: a value overwritten without a ttl never expires with its old marker", async () => {
  await inTemp(async (parent) => {
    for (const [, Client] of CLIENTS) {
      const directory = `${parent}/${Math.random()}`;
      await using storage = new Client({ directory });
      await storage.set("k", "old", { ttl: 1 });
      await storage.set("k", "new"); // the old value's marker is left behind
      await storage.set("short", 1, { ttl: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20)); // the first ttl has passed
      assert.deepEqual(await storage.keys(), ["k"]);
      assert.equal(await storage.get("k"), "new");
      assert.deepEqual(await storage.stat("k").then((s) => s?.expires), undefined);
      // Listing removed the stale marker; a later ttl marks the key again.
      await storage.set("k", "again", { ttl: 60_000 });
      assert.deepEqual(await storage.keys(), ["k"]);
      await storage.close();
      const markers = files(directory).filter((name) => name.includes("~")).sort();
      assert.deepEqual(markers, ["~k", "~short"]);
    }
  });
});

Deno.test("FileSystemClient marks the expiring values of a store written before markers, once", async () => {
  await inTemp(async (parent) => {
    const directory = `${parent}/store`;
    await Deno.mkdir(`${directory}/=${"n".repeat(200)}`, { recursive: true });
    // Files as the earlier format wrote them: no markers, no format mark.
    await Deno.writeTextFile(`${directory}/+past`, `J${Date.now() - 1000}\n1`);
    await Deno.writeTextFile(`${directory}/+future`, `J${Date.now() + 60_000}\n2`);
    await Deno.writeTextFile(`${directory}/+forever`, "J\n3");
    await Deno.writeTextFile(`${directory}/=${"n".repeat(200)}/+n`, `B${Date.now() - 1000}\nx`);
    for (const [, Client] of CLIENTS) {
      await using storage = new Client({ directory });
      assert.deepEqual((await storage.keys()).sort(), ["forever", "future"]);
      assert.deepEqual(await storage.getMany(["past", "future", "forever"]), [undefined, 2, 3]);
    }
    assert.deepEqual(
      files(directory).filter((name) => !name.includes("+")).sort(),
      [
        ".ttl-markers",
        "~future",
        `=${"n".repeat(200)}/~n`,
      ].sort(),
    );
  });
});

Deno.test("FileSystemClient in a scope without a file system fails at construction, naming what to use", () => {
  assert.equal(hasFileSystem({ window: {}, document: {}, indexedDB: {} }), false);
  assert.equal(hasFileSystem({ process: { versions: {} } }), false);
  assert.equal(hasFileSystem({ Deno: {} }), true);
  assert.equal(hasFileSystem({ process: { versions: { node: "20.0.0" } } }), true);
  const error = noFileSystem();
  assert.equal(error.code, "MISCONFIGURED");
  assert.match(error.message, /@atomiton\/storage\/auto.*@atomiton\/storage\/indexeddb/);
});

Deno.test({
  name: "FileSystemClient bundled for a browser throws MISCONFIGURED in Chromium when constructed",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    const result = await runInChromium({
      entries: { page: "storage/testdata/fs_browser_page.ts" },
    });
    assert.deepEqual(result, {
      name: "StorageError",
      code: "MISCONFIGURED",
      message: noFileSystem().message,
    });
  },
});
