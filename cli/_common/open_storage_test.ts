import assert from "node:assert/strict";
import { join } from "node:path";
import { captureIo } from "../testdata/cli.ts";
import { atomitonHome, openStorage, resolvePath } from "./open_storage.ts";
import { CliError } from "../cli_error.ts";

Deno.test("openStorage() defaults to a file-system store in $ATOMITON_HOME/storage", async () => {
  const home = await Deno.makeTempDir();
  try {
    const io = captureIo({ ATOMITON_HOME: home });
    assert.equal(await atomitonHome(io), home);
    const { client, location } = await openStorage(undefined, io);
    await client.set("k", { a: 1 });
    await client.close();
    assert.equal(location, `file://${home}/storage`);
    assert.ok((await Deno.stat(join(home, "storage"))).isDirectory);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("openStorage() takes a relative folder, a file:// URL and memory:", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const io = captureIo({}, { cwd: dir });
    const relative = await openStorage("data", io);
    assert.equal(relative.location, `file://${join(dir, "data")}`);
    await relative.client.set("x", 1);
    await relative.client.close();
    const url = await openStorage(`file://${join(dir, "data")}`, io);
    assert.equal(await url.client.get("x"), 1);
    await url.client.close();
    const memory = await openStorage("memory:", io);
    assert.equal(memory.location, "memory:");
    assert.equal(await memory.client.get("x"), undefined);
    await memory.client.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openStorage() opens redis:// lazily, with ?namespace= and no password in the location", async () => {
  const io = captureIo();
  const { client, location } = await openStorage(
    "redis://u:secret@127.0.0.1:1/2?namespace=app:",
    io,
  );
  assert.equal(location, "redis://127.0.0.1:1/2");
  await client.close();
});

Deno.test("openStorage() refuses another scheme and names the ones allowed", async () => {
  await assert.rejects(
    () => openStorage("s3://bucket", captureIo()),
    (error) =>
      error instanceof CliError && error.code === "USAGE" &&
      /Unsupported store "s3:\/\/bucket": expected a folder path, file:\/\/\/path, redis:/.test(
        error.message,
      ),
  );
});

Deno.test("atomitonHome() falls back to the app-data folder; resolvePath() is cwd-relative", async () => {
  const home = await atomitonHome(captureIo());
  assert.match(home, /[\\/]atomiton$/);
  assert.equal(resolvePath("/srv/app", "x/y"), "/srv/app/x/y");
  assert.equal(resolvePath("/srv/app", "/abs"), "/abs");
});
