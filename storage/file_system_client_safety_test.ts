// FileSystemClient under faults and hostile stores: planted links, several processes,
// a full disk, a read-only store, and listing that opens only files that can expire.
import assert from "node:assert/strict";
import { FileSystemClient as DenoFileSystemClient } from "./fs_deno.ts";
import { FileSystemClient as NodeFileSystemClient } from "./fs_node.ts";
import { ops as denoOps } from "./_fs_deno_ops.ts";
import { type FsOps, OPS } from "./_fs_ops.ts";
import { StorageError } from "./storage_error.ts";
import { linkChecks } from "./testdata/fs_links.ts";

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
) {
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

async function deniedWrites(Client: typeof DenoFileSystemClient, directory: string) {
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
