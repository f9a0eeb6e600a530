// Backends that refuse what they were given (a read-only folder, a Redis password or database)
// end every command that opens them with exit 4 (UNAVAILABLE), the backend's own code and hint.
import assert from "node:assert/strict";
import { join } from "node:path";
import { Redis } from "ioredis";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { type RedisServer, startRedis } from "../scripts/testing/redis.ts";
import { redisCheck } from "./doctor/checks.ts";
import { captureIo, withTempDir } from "./testdata/cli.ts";
import { ExitCode, main } from "./mod.ts";

async function run(args: string[], home: string): Promise<{ code: number; err: string }> {
  const io = captureIo({ ATOMITON_HOME: home }, { cwd: home });
  const code = await main(args, { io, signal: new AbortController().signal });
  return { code, err: io.err() };
}

const withHome = (test: (home: string) => Promise<void>): Promise<void> =>
  withTempDir("atomiton-cli-refused-", test);

// sysfs refuses new files and folders even to root, where chmod would not.
const readOnly = (() => {
  try {
    Deno.writeTextFileSync("/sys/fs/atomiton-probe", "");
    return false;
  } catch (error) {
    return error instanceof Deno.errors.PermissionDenied;
  }
})();

Deno.test({
  name: "storage set and rm on a store the file system refuses exit 4 with PERMISSION_DENIED",
  ignore: !readOnly,
  fn: async () => {
    await withHome(async (home) => {
      for (
        const args of [
          // An existing folder that refuses new files: the write fails.
          ["storage", "set", "k", "1", "--store", "/sys/fs"],
          // A folder that cannot be made: opening the store fails.
          ["storage", "rm", "k", "--store", "/sys/atomiton-store"],
          ["storage", "set", "k", "1", "--store", "file:///sys/atomiton-store"],
        ]
      ) {
        const { code, err } = await run(args, home);
        assert.equal(code, ExitCode.UNAVAILABLE, `${args.join(" ")}: ${err}`);
        assert.match(err, /^error \[PERMISSION_DENIED\]: .*\/sys\/(fs|atomiton-store)/);
      }
    });
  },
});

/** A Redis server that asks for a password (set at run time, as an operator would). */
async function startRedisWithPassword(password: string): Promise<RedisServer> {
  const server = await startRedis();
  const admin = new Redis(server.url);
  try {
    await admin.config("SET", "requirepass", password);
  } finally {
    admin.disconnect();
  }
  return server;
}

Deno.test({
  name: "every command that opens Redis exits 4 on a missing or wrong password, with the hint",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using redis = await startRedisWithPassword("sekrit");
    await withHome(async (home) => {
      const log = join(home, "x.jsonl");
      await Deno.writeTextFile(log, '{"type":"a","source":"s","timestamp":1,"data":1}\n');
      const source = join(home, "source");
      assert.equal((await run(["storage", "set", "a", "1", "--store", source], home)).code, 0);
      const blueprint = join(home, "blueprint.json");
      await Deno.writeTextFile(join(home, "task.js"), "export default (input) => input;\n");
      await Deno.writeTextFile(blueprint, '{"nodes":[{"id":"n","data":{"module":"./task.js"}}]}');
      for (
        const [url, said] of [[redis.url, "no password"], [wrong(redis.url), "is wrong"]] as const
      ) {
        for (
          const args of [
            ["storage", "set", "k", "1", "--store", url],
            ["storage", "rm", "k", "--store", url],
            ["storage", "migrate", "--from", source, "--to", url],
            ["profile", "--store", url, "--only", "storage", "--iterations", "1"],
            ["events", "tail", "--redis", url],
            ["events", "record", join(home, "rec.jsonl"), "--redis", url],
            ["events", "replay", log, "--to", url],
            ["run", blueprint, "--redis", url],
          ]
        ) {
          const { code, err } = await run(args, home);
          assert.equal(code, ExitCode.UNAVAILABLE, `${args.join(" ")}: ${err}`);
          assert.match(err, /^error \[MISCONFIGURED\]: /m, args.join(" "));
          assert.ok(err.includes(said), `${args.join(" ")}: ${err}`);
          assert.ok(err.includes("Put the password in the URL"), `${args.join(" ")}: ${err}`);
        }
      }
    });
  },
});

Deno.test({
  name: "doctor's Redis check says the server refused the URL's password, not that it is down",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using redis = await startRedisWithPassword("sekrit");
    const check = await redisCheck(redis.url, new AbortController().signal);
    assert.equal(check.status, "fail");
    assert.match(check.message, /^127\.0\.0\.1:\d+ refused the URL: .*Put the password in the URL/);
  },
});

function wrong(url: string): string {
  return url.replace("redis://", "redis://:wrong@");
}

Deno.test({
  name: "storage set with a database the server refuses exits 4 and writes nothing anywhere",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using redis = await startRedis();
    await withHome(async (home) => {
      const { code, err } = await run(
        ["storage", "set", "k", "1", "--store", `${redis.url}/99`],
        home,
      );
      assert.equal(code, ExitCode.UNAVAILABLE, err);
      assert.match(err, /^error \[MISCONFIGURED\]: .*refused database 99/);
      const check = new Redis(redis.url);
      try {
        assert.equal(await check.dbsize(), 0);
      } finally {
        check.disconnect();
      }
    });
  },
});
