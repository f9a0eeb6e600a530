import assert from "node:assert/strict";
import { join } from "node:path";
import { connectRedis } from "@atomiton/events/redis";
import { FileSystemClient } from "@atomiton/storage/fs";
import { RedisStorageClient } from "@atomiton/storage/redis";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { captureIo } from "../testdata/cli.ts";
import { ExitCode, main } from "../mod.ts";

interface Result {
  code: number;
  out: string;
  err: string;
}

interface Setup {
  home: string;
  from: string;
  to: string;
  source: FileSystemClient;
  target: FileSystemClient;
  /** Runs `atomiton storage migrate --from <from> --to <to> ...args`; `stopWhen` aborts on matching output. */
  migrate(args?: string[], options?: { stopWhen?: RegExp; isTTY?: boolean }): Promise<Result>;
  checkpoints(): Promise<string[]>;
}

/** `atomiton storage migrate ...args` in this process, at home (`ATOMITON_HOME` and working folder). */
async function runMigrate(home: string, args: string[]): Promise<Result> {
  const io = captureIo({ ATOMITON_HOME: home }, { cwd: home });
  const code = await main(["storage", "migrate", ...args], { io });
  return { code, out: io.out(), err: io.err() };
}

const key = (i: number): string => `key-${String(i).padStart(3, "0")}`;

async function withStores(keys: number, test: (setup: Setup) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "atomiton-cli-migrate-" });
  const from = join(home, "from");
  const to = join(home, "to");
  const source = new FileSystemClient({ directory: from });
  const target = new FileSystemClient({ directory: to });
  try {
    const entries = Array.from(
      { length: keys },
      (_, i) => [key(i), { i, text: `value ${i}` }] as const,
    );
    await source.setMany(entries);
    await test({
      home,
      from,
      to,
      source,
      target,
      async migrate(args = [], options = {}): Promise<Result> {
        const controller = new AbortController();
        const io = captureIo({ ATOMITON_HOME: home }, { cwd: home, isTTY: options.isTTY ?? false });
        const watch = (write: (text: string) => void) => (text: string): void => {
          write(text);
          if (options.stopWhen?.test(text)) controller.abort();
        };
        const code = await main(["storage", "migrate", "--from", from, "--to", to, ...args], {
          io: { ...io, stdout: watch(io.stdout), stderr: watch(io.stderr) },
          signal: controller.signal,
        });
        return { code, out: io.out(), err: io.err() };
      },
      async checkpoints(): Promise<string[]> {
        try {
          return (await Array.fromAsync(Deno.readDir(join(home, "migrations")))).map((e) => e.name);
        } catch {
          return [];
        }
      },
    });
  } finally {
    await source.close();
    await target.close();
    await Deno.remove(home, { recursive: true });
  }
}

async function assertSameEntries(from: FileSystemClient, to: FileSystemClient): Promise<void> {
  const keys = (await from.keys()).sort();
  assert.deepEqual((await to.keys()).sort(), keys);
  assert.deepEqual(await to.getMany(keys), await from.getMany(keys));
}

Deno.test("storage migrate copies every key with progress lines, keeps ttls, and leaves no checkpoint", async () => {
  await withStores(250, async ({ migrate, source, target, from, to, checkpoints }) => {
    await source.set("zz-expiring", 1, { ttl: 3_600_000 });
    const result = await migrate(["--batch-size", "50"]);
    assert.equal(result.code, 0, result.err);
    assert.match(
      result.out,
      new RegExp(`^copied 251 keys \\(0 skipped\\) from file://${from} to file://${to} in .+\\n$`),
    );
    const lines = result.err.trim().split("\n");
    assert.match(lines[0]!, /^migrate: 50\/251 keys {2}19%/);
    assert.match(lines.at(-1)!, /^migrate: 251\/251 keys {2}100%/);
    await assertSameEntries(source, target);
    const expires = (await target.stat("zz-expiring"))?.expires;
    assert.ok(expires !== undefined && expires > Date.now());
    assert.deepEqual(await checkpoints(), []);
  });
});

Deno.test("storage migrate stopped by Ctrl-C saves a checkpoint; the same command resumes with nothing lost or copied twice", async () => {
  await withStores(300, async ({ migrate, source, target, home, checkpoints }) => {
    const stopped = await migrate(["--batch-size", "10"], { stopWhen: /^migrate: / });
    assert.equal(stopped.code, ExitCode.INTERRUPTED);
    assert.match(stopped.err, /stopped after 10 keys: the same command resumes after "key-009"\n$/);
    // The batch in flight when Ctrl-C came finished; nothing after it started.
    assert.deepEqual((await target.keys()).sort(), Array.from({ length: 10 }, (_, i) => key(i)));
    const [file] = await checkpoints();
    const checkpoint = JSON.parse(await Deno.readTextFile(join(home, "migrations", file!)));
    assert.deepEqual(
      [checkpoint.lastKey, checkpoint.copied, checkpoint.skipped, checkpoint.prefix],
      ["key-009", 10, 0, ""],
    );

    const resumed = await migrate(["--batch-size", "10"]);
    assert.equal(resumed.code, 0, resumed.err);
    assert.match(
      resumed.err,
      /^resuming after "key-009": 10 keys done before \(checkpoint .+\.json; --restart to start over\)\n/,
    );
    // Each key copied once over both runs: 10 then 290.
    assert.match(resumed.out, /^copied 300 keys \(0 skipped\) .* \(resumed\)\n$/);
    assert.match(resumed.err, /migrate: 300\/300 keys {2}100%/);
    await assertSameEntries(source, target);
    assert.deepEqual(await checkpoints(), []);
  });
});

Deno.test("storage migrate --restart ignores the checkpoint; keys in the target are kept unless --overwrite", async () => {
  await withStores(60, async ({ migrate, source, target, checkpoints }) => {
    await target.set("key-059", "the target's own");
    assert.equal((await migrate(["--batch-size", "10"], { stopWhen: /^migrate: / })).code, 130);
    assert.equal((await checkpoints()).length, 1);
    const restarted = await migrate(["--restart"]);
    assert.equal(restarted.code, 0);
    assert.doesNotMatch(restarted.err, /resuming/);
    // The 10 copied before and key-059 were there already.
    assert.match(restarted.out, /^copied 49 keys \(11 skipped\)/);
    assert.equal(await target.get("key-059"), "the target's own");
    const overwritten = await migrate(["--overwrite", "--prefix", "key-05"]);
    assert.match(overwritten.out, /^copied 10 keys \(0 skipped\)/);
    await assertSameEntries(source, target);
    assert.deepEqual(await checkpoints(), []);
  });
});

Deno.test("storage migrate --json prints resume, progress, interrupted and done as JSON Lines", async () => {
  await withStores(40, async ({ migrate, source, target }) => {
    const stopped = await migrate(["--batch-size", "10", "--json"], { stopWhen: /"progress"/ });
    assert.equal(stopped.code, ExitCode.INTERRUPTED);
    const first = stopped.out.trim().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(first[0], {
      event: "progress",
      label: "migrate",
      done: 10,
      total: 40,
      copied: 10,
      skipped: 0,
      lastKey: "key-009",
    });
    assert.equal(first[1].event, "interrupted");
    assert.equal(first[1].done, 10);
    assert.match(first[1].checkpoint, /migrations\/[0-9a-f]{32}\.json$/);
    assert.equal(stopped.err, "");

    const resumed = await migrate(["--batch-size", "10", "--json"]);
    const lines = resumed.out.trim().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(lines[0], {
      event: "resume",
      after: "key-009",
      done: 10,
      checkpoint: first[1].checkpoint,
    });
    assert.deepEqual(lines[1], {
      event: "progress",
      label: "migrate",
      done: 20,
      total: 40,
      copied: 20,
      skipped: 0,
      lastKey: "key-019",
    });
    const done = lines.at(-1);
    assert.deepEqual([done.event, done.copied, done.skipped, done.total], ["done", 40, 0, 40]);
    assert.equal(resumed.err, "");
    await assertSameEntries(source, target);
  });
});

Deno.test("storage migrate draws a bar on a terminal and clears it before the summary", async () => {
  await withStores(30, async ({ migrate }) => {
    const result = await migrate(["--batch-size", "10"], { isTTY: true });
    assert.equal(result.code, 0);
    assert.ok(result.err.startsWith("\r\x1b[2Kmigrate "));
    assert.match(result.err, /█.* 10\/30 keys {2}33%/);
    assert.ok(result.err.endsWith("\r\x1b[2K"));
    assert.match(result.out, /^copied 30 keys/);
  });
});

Deno.test("storage migrate stopped before its first batch saves nothing and says so", async () => {
  await withStores(5, async ({ home, from, checkpoints }) => {
    const controller = new AbortController();
    controller.abort();
    const io = captureIo({ ATOMITON_HOME: home }, { cwd: home });
    const code = await main(["storage", "migrate", "--from", from, "--to", "memory:"], {
      io,
      signal: controller.signal,
    });
    assert.equal(code, ExitCode.INTERRUPTED);
    assert.equal(io.err(), "stopped after 0 keys: nothing was copied\n");
    assert.deepEqual(await checkpoints(), []);
  });
});

Deno.test("storage migrate checks its flags, its stores and its checkpoint", async () => {
  await withStores(3, async ({ home, from, migrate, checkpoints }) => {
    const run = (args: string[]): Promise<Result> => runMigrate(home, args);
    const neither = await run([]);
    assert.equal(neither.code, ExitCode.USAGE);
    assert.match(neither.err, /needs --from <url>, --to <url> or both/);
    const same = await run(["--from", from, "--to", `file://${from}`]);
    assert.equal(same.code, ExitCode.USAGE);
    assert.match(same.err, /--from and --to are the same store \(file:\/\/.*\/from\)/);
    assert.match(
      (await run(["--from", from, "--batch-size", "0"])).err,
      /Invalid --batch-size "0"/,
    );
    assert.match((await run(["--from", from, "extra"])).err, /takes no arguments, got "extra"/);

    // Either side defaults to the store in the atomiton home.
    const toDefault = await run(["--from", from]);
    assert.equal(toDefault.code, 0);
    assert.match(toDefault.out, new RegExp(`to file://${home}/storage in`));

    // A store that cannot be used fails before anything is read or copied.
    await Deno.writeTextFile(join(home, "blocker"), "a file, not a folder");
    const unusable = await run(["--from", from, "--to", join(home, "blocker", "store")]);
    assert.equal(unusable.code, ExitCode.FAILURE);
    assert.match(unusable.err, /^error \[BACKEND\]: Opening the store in .*blocker\/store failed/);
    assert.deepEqual(await checkpoints(), []);

    assert.equal((await migrate(["--batch-size", "1"], { stopWhen: /^migrate: / })).code, 130);
    const [file] = await checkpoints();
    await Deno.writeTextFile(join(home, "migrations", file!), "{ torn");
    const torn = await migrate();
    assert.equal(torn.code, ExitCode.INVALID_INPUT);
    assert.match(torn.err, /The checkpoint .* is not one atomiton wrote: add --restart/);
    assert.equal((await migrate(["--restart"])).code, 0);

    // A value the source cannot read stops the migration after the batches before it.
    const broken = join(home, "broken");
    await using brokenSource = new FileSystemClient({ directory: broken });
    await brokenSource.setMany([["a", 1], ["b", 2]]);
    await Deno.writeTextFile(join(broken, "+b"), "not a record"); // the file of key "b"
    const failing = await run([
      "--from",
      broken,
      "--to",
      join(home, "b-copy"),
      "--batch-size",
      "1",
    ]);
    assert.equal(failing.code, ExitCode.INVALID_INPUT, failing.err);
    assert.match(
      failing.err,
      /^migration failed after 1 keys: the same command resumes after "a"\nerror \[CORRUPT\]: /m,
    );
    assert.equal((await checkpoints()).length, 1);
  });
});

Deno.test({
  name:
    "storage migrate from an empty store fails MISCONFIGURED (exit 4) when Redis refuses the URL's database or password",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  // An empty source: the migration itself would never touch the target.
  await withStores(0, async ({ home, from, to, checkpoints }) => {
    const where = redis.url.replace("redis://", "");
    const run = (args: string[]): Promise<Result> => runMigrate(home, args);
    const refused = async (args: string[], message: RegExp): Promise<void> => {
      const result = await run(args);
      // Exit 4 needs MISCONFIGURED mapped in cli/_common/report.ts (exitCodeOf).
      assert.equal(result.code, ExitCode.UNAVAILABLE, result.err);
      assert.match(result.err, message);
      assert.equal(result.out, "");
    };
    const database = new RegExp(
      `^error \\[MISCONFIGURED\\]: Redis at redis://${where}/99 refused database 99 .*must be ` +
        "0 to 15 on this server",
    );
    await refused(["--from", from, "--to", `${redis.url}/99`], database);
    await refused(["--from", `${redis.url}/99`, "--to", to], database);
    await using db0 = new RedisStorageClient({ url: redis.url, namespace: "" });
    assert.deepEqual(await db0.keys(), [], "nothing reached database 0");

    const admin = connectRedis(redis.url);
    try {
      await admin.call("CONFIG", ["SET", "requirepass", "s3cret"]);
    } finally {
      admin.disconnect();
    }
    await refused(
      ["--from", from, "--to", redis.url],
      /^error \[MISCONFIGURED\]: Redis at .* refused the connection \(NOAUTH.*\): the URL has no password/,
    );
    await refused(
      ["--from", from, "--to", `redis://:wrong@${where}`],
      /^error \[MISCONFIGURED\]: Redis at .* refused the connection .*: the password in the URL is wrong/,
    );
    assert.deepEqual(await checkpoints(), []);
    // The check refuses nothing the server takes: with the password the (empty) migration is done.
    const done = await run(["--from", from, "--to", `redis://:s3cret@${where}`]);
    assert.equal(done.code, ExitCode.OK, done.err);
    assert.match(done.out, /^copied 0 keys \(0 skipped\) from file:\/\/.* to redis:\/\//);
  });
});
