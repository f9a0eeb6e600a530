import assert from "node:assert/strict";
import { join } from "node:path";
import { checkpointPath, readCheckpoint, removeCheckpoint, writeCheckpoint } from "./checkpoint.ts";
import { CliError } from "../cli_error.ts";

const checkpoint = {
  from: "file:///a",
  to: "redis://h:1?namespace=x",
  prefix: "",
  lastKey: "k",
  copied: 3,
  skipped: 1,
  updated: "2024-01-01T00:00:00.000Z",
};

Deno.test("checkpointPath() is the same for the same migration and differs by source, target and prefix", () => {
  const path = checkpointPath("/home", "file:///a", "memory:", "");
  assert.match(path, /^\/home\/migrations\/[0-9a-f]{32}\.json$/);
  assert.equal(checkpointPath("/home", "file:///a", "memory:", ""), path);
  assert.notEqual(checkpointPath("/home", "file:///b", "memory:", ""), path);
  assert.notEqual(checkpointPath("/home", "file:///a", "file:///c", ""), path);
  assert.notEqual(checkpointPath("/home", "file:///a", "memory:", "user:"), path);
});

Deno.test("writeCheckpoint() creates its folder and replaces the file whole; removeCheckpoint() deletes it", async () => {
  const home = await Deno.makeTempDir();
  try {
    const path = checkpointPath(home, "a", "b", "");
    assert.equal(readCheckpoint(path), undefined);
    writeCheckpoint(path, checkpoint);
    writeCheckpoint(path, { ...checkpoint, lastKey: "m" });
    assert.deepEqual(readCheckpoint(path), { ...checkpoint, lastKey: "m" });
    assert.deepEqual((await Array.fromAsync(Deno.readDir(join(home, "migrations")))).length, 1);
    removeCheckpoint(path);
    removeCheckpoint(path);
    assert.equal(readCheckpoint(path), undefined);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("readCheckpoint() refuses a file it did not write and reports one it cannot read", async () => {
  const home = await Deno.makeTempDir();
  try {
    const path = join(home, "c.json");
    for (const text of ["not json", "null", '{"lastKey": 1, "copied": 0, "skipped": 0}']) {
      await Deno.writeTextFile(path, text);
      assert.throws(
        () => readCheckpoint(path),
        (error) =>
          error instanceof CliError && error.code === "INVALID_INPUT" &&
          /--restart/.test(error.message),
      );
    }
    assert.throws(
      () => readCheckpoint(home), // a folder
      (error) => error instanceof CliError && error.code === "UNAVAILABLE",
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
