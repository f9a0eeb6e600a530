import assert from "node:assert/strict";
import { join } from "node:path";
import { FileSystemClient } from "@atomiton/storage/fs";
import { RedisStorageClient } from "@atomiton/storage/redis";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { runCli, spawnCli, withTempDir } from "../testdata/cli.ts";

const withHome = (test: (home: string) => Promise<void>): Promise<void> =>
  withTempDir("atomiton-e2e-storage-", test);

Deno.test("atomiton storage set, get, ls, stat and rm work on the default store of ATOMITON_HOME", async () => {
  await withHome(async (home) => {
    const env = { ATOMITON_HOME: home };
    const store = `file://${home}/storage`;
    let result = await runCli(["storage", "set", "user:1", '{"name":"Ada"}'], { env });
    assert.deepEqual([result.code, result.stdout, result.stderr], [
      0,
      "",
      `set user:1 in ${store}\n`,
    ]);
    result = await runCli(["storage", "set", "note", "--stdin", "--string"], {
      env,
      stdin: "line 1\nline 2\n",
    });
    assert.equal(result.code, 0, result.stderr);
    result = await runCli(["storage", "set", "logo", "--stdin", "--bytes"], {
      env,
      stdin: "\x89PNG",
    });
    assert.equal(result.code, 0, result.stderr);

    result = await runCli(["storage", "get", "user:1"], { env });
    assert.deepEqual([result.code, result.stdout], [0, '{"name":"Ada"}\n']);
    result = await runCli(["storage", "get", "note", "--raw"], { env });
    assert.equal(result.stdout, "line 1\nline 2\n");
    result = await runCli(["storage", "ls", "--long"], { env });
    assert.match(
      result.stdout,
      /^ 5 {2}\S+Z {2}logo\n18 {2}\S+Z {2}note\n14 {2}\S+Z {2}user:1\n$/,
    );
    result = await runCli(["storage", "stat"], { env });
    assert.equal(result.stdout, `location  ${store}\nkeys      3\nbytes     37 B\n`);

    result = await runCli(["storage", "rm", "note", "logo"], { env });
    assert.equal(result.stdout, `removed 2 of 2 keys from ${store}\n`);
    result = await runCli(["storage", "get", "note"], { env });
    assert.equal(result.code, 3);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr, `error [NOT_FOUND]: No value for key "note" in ${store}.\n`);
    // What the CLI wrote is a plain file-system store.
    await using files = new FileSystemClient({ directory: join(home, "storage") });
    assert.deepEqual(await files.keys(), ["user:1"]);
  });
});

Deno.test({
  name: "atomiton storage --store redis:// sets, lists, reads and removes keys in Redis",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withHome(async (home) => {
    const env = { ATOMITON_HOME: home };
    const store = `${redis.url}/0?namespace=cli:`;
    assert.equal(
      (await runCli(["storage", "set", "a", "[1,2]", "--store", store], { env })).code,
      0,
    );
    assert.equal(
      (await runCli(["storage", "set", "b", "x", "--string", "--ttl", "60000", "--store", store], {
        env,
      })).code,
      0,
    );
    assert.equal((await runCli(["storage", "ls", "--store", store], { env })).stdout, "a\nb\n");
    assert.equal(
      (await runCli(["storage", "get", "a", "--store", store], { env })).stdout,
      "[1,2]\n",
    );
    const stat = await runCli(["storage", "stat", "b", "--json", "--store", store], { env });
    assert.ok(JSON.parse(stat.stdout).expires > Date.now());
    const rm = await runCli(["storage", "rm", "--prefix", "", "--yes", "--store", store], { env });
    assert.equal(rm.stdout, `removed 2 of 2 keys from ${redis.url}/0\n`);
    await using check = new RedisStorageClient({ url: redis.url, namespace: "cli:" });
    assert.deepEqual(await check.keys(), []);
  });
});

Deno.test({
  name:
    "atomiton storage migrate from a folder to Redis, interrupted with SIGINT, resumes to an exact copy",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withHome(async (home) => {
    const env = { ATOMITON_HOME: home };
    const from = join(home, "old-data");
    await using source = new FileSystemClient({ directory: from });
    const count = 3_000;
    const entries = Array.from({ length: count }, (_, i) => {
      const value = i % 10 === 0 ? new Uint8Array([i % 256, 0, 255]) : { i, text: `entry ${i}` };
      return [`item:${String(i).padStart(5, "0")}`, value] as const;
    });
    for (let i = 0; i < count; i += 500) await source.setMany(entries.slice(i, i + 500));
    const args = ["storage", "migrate", "--from", from, "--to", redis.url, "--batch-size", "5"];

    const first = spawnCli(args, { env });
    await first.waitFor(/migrate: \d/);
    first.kill("SIGINT");
    const stopped = await first.result();
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.match(
      stopped.stderr,
      /stopped after [\d,]+ keys: the same command resumes after "item:\d{5}"\n$/,
    );
    const [checkpoint] = await Array.fromAsync(Deno.readDir(join(home, "migrations")));
    assert.ok(checkpoint?.name.endsWith(".json"));
    const saved = JSON.parse(await Deno.readTextFile(join(home, "migrations", checkpoint!.name)));
    assert.ok(saved.copied > 0 && saved.copied < count, `copied ${saved.copied}`);

    await using target = new RedisStorageClient({ url: redis.url });
    const partial = (await target.keys()).sort();
    // Exactly the keys up to the checkpoint: the batch in flight finished, the next did not start.
    assert.deepEqual(partial, entries.map(([key]) => key).filter((key) => key <= saved.lastKey));

    const second = await runCli(args, { env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(`^resuming after "${saved.lastKey}": [\\d,]+ keys done before`),
    );
    assert.match(
      second.stdout,
      /^copied 3,000 keys \(0 skipped\) from file:\/\/.* to redis:\/\/127\.0\.0\.1:\d+\?namespace=atomiton%3Astorage%3A in .* \(resumed\)\n$/,
    );
    const keys = entries.map(([key]) => key);
    assert.deepEqual((await target.keys()).sort(), keys);
    assert.deepEqual(await target.getMany(keys), entries.map(([, value]) => value));
    assert.deepEqual(await Array.fromAsync(Deno.readDir(join(home, "migrations"))), []);
  });
});
