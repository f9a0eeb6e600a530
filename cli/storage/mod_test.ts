import assert from "node:assert/strict";
import { join } from "node:path";
import { FileSystemClient } from "@atomiton/storage/fs";
import { captureIo } from "../testdata/cli.ts";
import { ExitCode, main } from "../mod.ts";

const live = (): AbortSignal => new AbortController().signal;

/** A temporary atomiton home, removed after `test`. */
async function withHome(
  test: (home: string, run: Run) => Promise<void>,
): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "atomiton-cli-storage-" });
  try {
    await test(home, (args, options = {}) => {
      const io = captureIo({ ATOMITON_HOME: home }, { cwd: home, isTTY: options.isTTY ?? false });
      return main(args, { io, signal: options.signal ?? live() }).then((code) => ({
        code,
        out: io.out(),
        err: io.err(),
      }));
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

type Run = (
  args: string[],
  options?: { isTTY?: boolean; signal?: AbortSignal },
) => Promise<{ code: number; out: string; err: string }>;

Deno.test("storage set/get round-trip JSON, text and bytes in the default store", async () => {
  await withHome(async (home, run) => {
    assert.equal(
      (await run(["storage", "set", "user:1", '{"name":"Ada","roles":["admin"]}'])).code,
      0,
    );
    const set = await run(["storage", "set", "greeting", "hello world", "--string"]);
    assert.equal(set.code, 0);
    assert.equal(set.out, "");
    assert.equal(set.err, `set greeting in file://${home}/storage\n`);
    await run(["storage", "set", "n", "42"]);

    const compact = await run(["storage", "get", "user:1"]);
    assert.deepEqual([compact.code, compact.out], [0, '{"name":"Ada","roles":["admin"]}\n']);
    const pretty = await run(["storage", "get", "user:1"], { isTTY: true });
    assert.equal(pretty.out, '{\n  "name": "Ada",\n  "roles": [\n    "admin"\n  ]\n}\n');
    assert.equal((await run(["storage", "get", "greeting"])).out, '"hello world"\n');
    assert.equal((await run(["storage", "get", "greeting", "--raw"])).out, "hello world");
    assert.equal(
      (await run(["storage", "get", "greeting", "-r"], { isTTY: true })).out,
      "hello world\n",
    );
    assert.equal((await run(["storage", "get", "n", "--raw"])).out, "42\n");

    // What the CLI wrote is what a library user reads.
    await using store = new FileSystemClient({ directory: join(home, "storage") });
    assert.deepEqual(await store.get("user:1"), { name: "Ada", roles: ["admin"] });
    assert.equal(await store.get("greeting"), "hello world");
    assert.equal(await store.get("n"), 42);
  });
});

Deno.test("storage get prints bytes as base64, --raw as UTF-8 text, --output to a file", async () => {
  await withHome(async (home, run) => {
    await using store = new FileSystemClient({ directory: join(home, "storage") });
    await store.set("text-bytes", new TextEncoder().encode("héllo"));
    await store.set("png", new Uint8Array([137, 80, 78, 71, 0, 255]));
    await store.set("doc", { a: 1 });
    await store.set("s", "plain");

    const base64 = await run(["storage", "get", "png"], { isTTY: true });
    assert.equal(base64.out, '"iVBORwD/"\n');
    assert.match(base64.err, /6 bytes, as base64/);
    assert.equal((await run(["storage", "get", "png"])).err, "");
    assert.equal((await run(["storage", "get", "text-bytes", "--raw"])).out, "héllo");
    assert.equal(
      (await run(["storage", "get", "text-bytes", "--raw"], { isTTY: true })).out,
      "héllo\n",
    );
    const binary = await run(["storage", "get", "png", "--raw"]);
    assert.equal(binary.code, ExitCode.USAGE);
    assert.match(binary.err, /6 bytes of binary data, not UTF-8 text: use --output <file>/);

    const written = await run(["storage", "get", "png", "--output", "out.png"]);
    assert.equal(written.code, 0);
    assert.equal(written.err, `wrote 6 bytes to ${join(home, "out.png")}\n`);
    assert.deepEqual(
      await Deno.readFile(join(home, "out.png")),
      new Uint8Array([137, 80, 78, 71, 0, 255]),
    );
    await run(["storage", "get", "doc", "-o", "doc.json"]);
    assert.equal(await Deno.readTextFile(join(home, "doc.json")), '{\n  "a": 1\n}\n');
    await run(["storage", "get", "s", "-o", "s.txt"]);
    assert.equal(await Deno.readTextFile(join(home, "s.txt")), "plain");
  });
});

Deno.test("storage get of a missing key fails with NOT_FOUND (exit 3) naming the key and store", async () => {
  await withHome(async (home, run) => {
    const missing = await run(["storage", "get", "nope"]);
    assert.equal(missing.code, ExitCode.INVALID_INPUT);
    assert.equal(missing.out, "");
    assert.equal(
      missing.err,
      `error [NOT_FOUND]: No value for key "nope" in file://${home}/storage.\n`,
    );
    const usage = await run(["storage", "get"]);
    assert.equal(usage.code, ExitCode.USAGE);
    assert.match(usage.err, /atomiton storage get takes <key>, got none/);
  });
});

Deno.test("storage set reads --file (JSON, --string, --bytes), takes --ttl, and checks its input", async () => {
  await withHome(async (home, run) => {
    await Deno.writeTextFile(join(home, "v.json"), '{"from":"file"}');
    await Deno.writeFile(join(home, "v.bin"), new Uint8Array([0, 1, 2, 255]));
    await Deno.writeTextFile(join(home, "v.txt"), "not json\n");
    assert.equal((await run(["storage", "set", "j", "--file", "v.json"])).code, 0);
    assert.equal((await run(["storage", "set", "b", "--file", "v.bin", "--bytes"])).code, 0);
    assert.equal((await run(["storage", "set", "t", "--file", "v.txt", "--string"])).code, 0);
    assert.equal((await run(["storage", "set", "e", "1", "--ttl", "60000"])).code, 0);
    await using store = new FileSystemClient({ directory: join(home, "storage") });
    assert.deepEqual(await store.get("j"), { from: "file" });
    assert.deepEqual(await store.get("b"), new Uint8Array([0, 1, 2, 255]));
    assert.equal(await store.get("t"), "not json\n");
    const expires = (await store.stat("e"))?.expires;
    assert.ok(expires !== undefined && expires > Date.now() && expires <= Date.now() + 60_000);

    const bad = await run(["storage", "set", "k", "hello"]);
    assert.equal(bad.code, ExitCode.USAGE);
    assert.match(bad.err, /The value from the command line is not JSON \(.*\): add --string/);
    const badFile = await run(["storage", "set", "k", "--file", "v.txt"]);
    assert.equal(badFile.code, ExitCode.INVALID_INPUT);
    assert.match(badFile.err, new RegExp(`The value from ${join(home, "v.txt")} is not JSON`));
    const missing = await run(["storage", "set", "k", "--file", "nope.json"]);
    assert.equal(missing.code, ExitCode.INVALID_INPUT);
    assert.match(missing.err, /\[NOT_FOUND\]: No file .*nope\.json\./);
    const folder = await run(["storage", "set", "k", "--file", "."]);
    assert.equal(folder.code, ExitCode.INVALID_INPUT);
    assert.match(folder.err, /\[INVALID_INPUT\]: Cannot read /);
    for (
      const [args, message] of [
        [["1", "--file", "v.json"], /exactly one place.*got several/],
        [[], /exactly one place.*got none/],
        [["1", "--bytes"], /--bytes needs --stdin or --file/],
        [["--file", "v.bin", "--bytes", "--string"], /--bytes and --string exclude each other/],
        [["1", "--ttl", "0"], /Invalid --ttl "0": expected an integer from 1 up/],
      ] as const
    ) {
      const result = await run(["storage", "set", "k", ...args]);
      assert.equal(result.code, ExitCode.USAGE, args.join(" "));
      assert.match(result.err, message);
    }
    assert.equal(await store.get("k"), undefined);
    const badKey = await run(["storage", "set", "", "1"]);
    assert.equal(badKey.code, ExitCode.USAGE);
    assert.match(badKey.err, /INVALID_KEY/);
  });
});

Deno.test("storage ls lists keys sorted, under a prefix, with --long and --json", async () => {
  await withHome(async (home, run) => {
    await using store = new FileSystemClient({ directory: join(home, "storage") });
    await store.setMany([["user:2", { n: 2 }], ["user:10", "ten"], ["avatar", new Uint8Array(3)]]);
    await store.set("line\nbreak", 1);
    await store.set("session", true, { ttl: 60_000 });

    assert.equal(
      (await run(["storage", "ls"])).out,
      'avatar\n"line\\nbreak"\nsession\nuser:10\nuser:2\n',
    );
    assert.equal((await run(["storage", "ls", "user:"])).out, "user:10\nuser:2\n");
    assert.equal(
      (await run(["storage", "ls", "user:", "--json"])).out,
      '{"key":"user:10"}\n{"key":"user:2"}\n',
    );
    const long = (await run(["storage", "ls", "--long"])).out.split("\n");
    assert.match(long[0]!, /^3 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}avatar$/);
    assert.match(long[1]!, /^1 {2}\S+Z {2}"line\\nbreak"$/);
    assert.match(long[2]!, /^4 {2}\S+Z {2}session {2}expires \S+Z$/);
    assert.match(long[3]!, /^5 {2}\S+Z {2}user:10$/);
    const rows = (await run(["storage", "ls", "user:", "-l", "--json"])).out.trim().split("\n")
      .map((line) => JSON.parse(line));
    assert.deepEqual(rows.map(({ key, size }) => [key, size]), [["user:10", 5], ["user:2", 7]]);
    assert.equal(typeof rows[0].modified, "number");
    assert.equal((await run(["storage", "ls", "none:"])).out, "");
    assert.equal((await run(["storage", "ls", "a", "b"])).code, ExitCode.USAGE);
  });
});

Deno.test("storage rm removes keys and reports the count; a prefix needs --yes", async () => {
  await withHome(async (home, run) => {
    await using store = new FileSystemClient({ directory: join(home, "storage") });
    await store.setMany([["a", 1], ["b", 2], ["s:1", 1], ["s:2", 2], ["t", 3]]);
    const one = await run(["storage", "rm", "a"]);
    assert.equal(one.out, `removed 1 of 1 key (a) from file://${home}/storage\n`);
    assert.equal(
      (await run(["storage", "rm", "b", "nope"])).out.split(" from")[0],
      "removed 1 of 2 keys",
    );
    const unconfirmed = await run(["storage", "rm", "--prefix", "s:"]);
    assert.equal(unconfirmed.code, ExitCode.USAGE);
    assert.match(
      unconfirmed.err,
      /This removes every key under "s:" \(2\) from .*: add --yes \(-y\) to confirm\./,
    );
    assert.deepEqual((await store.keys()).sort(), ["s:1", "s:2", "t"]);
    const confirmed = await run(["storage", "rm", "-p", "s:", "-y", "--json"]);
    assert.equal(confirmed.out, '{"removed":2,"keys":2}\n');
    assert.deepEqual(await store.keys(), ["t"]);
    assert.match((await run(["storage", "rm", "--prefix", ""])).err, /removes every key \(1\)/);
    assert.equal(
      (await run(["storage", "rm", "--prefix", "none:"])).out.split(" from")[0],
      "removed 0 of 0 keys",
    );
    const noKeys = await run(["storage", "rm"]);
    assert.equal(noKeys.code, ExitCode.USAGE);
    assert.match(noKeys.err, /takes at least one <key>/);
    assert.match(
      (await run(["storage", "rm", "-p", "a", "b"])).err,
      /--prefix takes one prefix, got 2/,
    );
  });
});

Deno.test("storage stat describes the store and one key; a missing key is NOT_FOUND", async () => {
  await withHome(async (home, run) => {
    await using store = new FileSystemClient({ directory: join(home, "storage") });
    await store.setMany([["a", "x".repeat(2000)], ["b", [1, 2]]]);
    await store.set("c", 1, { ttl: 3_600_000 });
    const whole = await run(["storage", "stat"]);
    assert.equal(
      whole.out,
      `location  file://${home}/storage\nkeys      3\nbytes     2,008 B (2.0 KiB)\n`,
    );
    assert.deepEqual(JSON.parse((await run(["storage", "stat", "--json"])).out), {
      location: `file://${home}/storage`,
      keys: 3,
      bytes: 2008,
    });
    const key = await run(["storage", "stat", "c"]);
    assert.match(
      key.out,
      /^key {7}"c"\nsize {6}1 B\nmodified {2}\S+Z\nexpires {3}\S+Z \(in (59m \d\ds|1h 00m)\)\n$/,
    );
    const json = JSON.parse((await run(["storage", "stat", "b", "--json"])).out);
    assert.deepEqual([json.key, json.size, json.expires], ["b", 5, undefined]);
    const missing = await run(["storage", "stat", "zz"]);
    assert.equal(missing.code, ExitCode.INVALID_INPUT);
    assert.match(missing.err, /\[NOT_FOUND\]: No value for key "zz"/);
  });
});

Deno.test("storage subcommands take --store: a folder, file://, memory:; anything else is a usage error", async () => {
  await withHome(async (home, run) => {
    assert.equal((await run(["storage", "set", "k", "1", "--store", "data"])).code, 0);
    assert.equal((await run(["storage", "get", "k", "--store", `file://${home}/data`])).out, "1\n");
    assert.equal((await run(["storage", "ls", "-s", "memory:"])).out, "");
    const wrong = await run(["storage", "ls", "--store", "ftp://host/x"]);
    assert.equal(wrong.code, ExitCode.USAGE);
    assert.match(wrong.err, /Unsupported store "ftp:\/\/host\/x"/);
  });
});

Deno.test("storage without a subcommand lists them; an unknown one is suggested", async () => {
  await withHome(async (_home, run) => {
    const bare = await run(["storage"]);
    assert.equal(bare.code, ExitCode.USAGE);
    for (const name of ["ls", "get", "set", "rm", "stat", "migrate"]) {
      assert.match(bare.out, new RegExp(`^  ${name} +\\S`, "m"));
    }
    const typo = await run(["storage", "mgrate"]);
    assert.equal(typo.code, ExitCode.USAGE);
    assert.match(typo.err, /did you mean "migrate"/);
    const help = await run(["storage", "migrate", "--help"]);
    assert.match(help.out, /--batch-size <n> +Keys read and written per round trip/);
    assert.match(help.out, /Examples:\n {2}atomiton storage migrate/);
    const { storageCommand } = await import("./mod.ts");
    await assert.rejects(storageCommand.run({} as never), /needs a subcommand/);
  });
});
