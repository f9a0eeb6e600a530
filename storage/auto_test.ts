import assert from "node:assert/strict";
import { env } from "@atomiton/platform";
import { storageDirectory } from "./_app_data.ts";
import { createStorageClient } from "./auto.ts";
import { createStorageClient as createForBrowser } from "./auto_browser.ts";
import { createStorageClient as createForDeno } from "./auto_deno.ts";
import { createStorageClient as createForNode } from "./auto_node.ts";
import { FileSystemClient } from "./file_system_client.ts";
import { MemoryClient } from "./memory_client.ts";
import { StorageError } from "./storage_error.ts";

Deno.test("createStorageClient() on Deno is a FileSystemClient in the given folder", async () => {
  const directory = await Deno.makeTempDir({ prefix: "atomiton-auto-" });
  for (const create of [createStorageClient, createForDeno, createForNode]) {
    await using storage = create({ directory });
    assert.ok(storage instanceof FileSystemClient);
    assert.equal(storage.directory, directory);
    await storage.set("a", create.name);
  }
  assert.equal((await Deno.readDir(directory)[Symbol.asyncIterator]().next()).value?.name, "+a");
  await Deno.remove(directory, { recursive: true });
});

Deno.test("createStorageClient() defaults to the OS's application-data folder", () => {
  const storage = createStorageClient() as FileSystemClient;
  assert.equal(storage.directory, storageDirectory({}, Deno.build.os, env));
  assert.match(storage.directory, /\/atomiton\/storage$/);
  const named = createForNode({ name: "my-app" }) as FileSystemClient;
  assert.match(named.directory, /\/my-app\/storage$/);
});

Deno.test("storageDirectory() follows each OS's convention", () => {
  const vars = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(
    storageDirectory({}, "linux", vars({ HOME: "/home/ada" })),
    "/home/ada/.local/share/atomiton/storage",
  );
  assert.equal(
    storageDirectory({ name: "app" }, "linux", vars({ HOME: "/h", XDG_DATA_HOME: "/data" })),
    "/data/app/storage",
  );
  assert.equal(
    storageDirectory({}, "darwin", vars({ HOME: "/Users/ada" })),
    "/Users/ada/Library/Application Support/atomiton/storage",
  );
  assert.equal(
    storageDirectory({}, "windows", vars({ LOCALAPPDATA: "C:\\Users\\ada\\AppData\\Local" })),
    "C:\\Users\\ada\\AppData\\Local\\atomiton\\storage",
  );
  assert.equal(
    storageDirectory({}, "windows", vars({ USERPROFILE: "C:\\Users\\ada" })),
    "C:\\Users\\ada\\AppData\\Local\\atomiton\\storage",
  );
  assert.equal(storageDirectory({ directory: "/x" }, "linux", vars({})), "/x");
});

Deno.test("storageDirectory() refuses a name with separators and a missing home", () => {
  for (const name of ["a/b", "a\\b", "..", ""]) {
    assert.throws(
      () => storageDirectory({ name }, "linux", () => "/home"),
      (e) => e instanceof StorageError && e.code === "INVALID_OPTION",
    );
  }
  assert.throws(() => storageDirectory({}, "linux", () => undefined), /pass `directory`/);
});

Deno.test("createStorageClient() for the browser is memory where there is no IndexedDB", async () => {
  await using storage = createForBrowser();
  assert.ok(storage instanceof MemoryClient);
});
