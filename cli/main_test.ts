import assert from "node:assert/strict";
import { captureIo, runCli } from "./testdata/cli.ts";
import { VERSION } from "./_common/version.ts";
import { CliError, ExitCode, main } from "./mod.ts";

const live = (): AbortSignal => new AbortController().signal;

Deno.test("main() --version prints the version of cli/deno.json", async () => {
  const io = captureIo();
  assert.equal(await main(["--version"], { io, signal: live() }), ExitCode.OK);
  const { version } = JSON.parse(await Deno.readTextFile(new URL("./deno.json", import.meta.url)));
  assert.equal(VERSION, version);
  assert.equal(io.out(), `${version}\n`);
  const short = captureIo();
  assert.equal(await main(["-V"], { io: short, signal: live() }), ExitCode.OK);
  assert.equal(short.out(), io.out());
});

Deno.test("main() without a command prints the command list and exits 2; --help exits 0", async () => {
  const bare = captureIo();
  assert.equal(await main([], { io: bare, signal: live() }), ExitCode.USAGE);
  for (
    const name of ["run", "storage", "events", "profile", "doctor", "worker", "migrate-imports"]
  ) {
    assert.match(bare.out(), new RegExp(`^  ${name} +\\S`, "m"));
  }
  for (const flag of ["--help", "-h", "help"]) {
    const io = captureIo();
    assert.equal(await main([flag], { io, signal: live() }), ExitCode.OK);
    assert.equal(io.out(), bare.out());
  }
});

Deno.test("main() names an unknown command, suggests the closest and exits 2", async () => {
  const io = captureIo();
  assert.equal(await main(["wrker"], { io, signal: live() }), ExitCode.USAGE);
  assert.equal(io.out(), "");
  assert.match(io.err(), /^error \[USAGE\]: Unknown command "wrker": did you mean "worker"\?/);
  assert.match(io.err(), /Commands: run, nodes, runs, storage,/);
  const far = captureIo();
  await main(["zzzzzzzz"], { io: far, signal: live() });
  assert.doesNotMatch(far.err(), /did you mean/);
  const flag = captureIo();
  assert.equal(await main(["--bogus"], { io: flag, signal: live() }), ExitCode.USAGE);
  assert.match(flag.err(), /Unknown option "--bogus"/);
});

Deno.test("main() <command> --help lists the command's options, the global ones and examples", async () => {
  const io = captureIo();
  assert.equal(await main(["worker", "--help"], { io, signal: live() }), ExitCode.OK);
  const text = io.out();
  assert.match(text, /^atomiton worker: /);
  assert.match(text, /Usage: atomiton worker --redis <url> \[options\]/);
  assert.match(text, /--redis <url> +The Redis server/);
  assert.match(text, /--queue <name> +The queue to serve \(default: blueprints\)/);
  assert.match(text, /-h, --help +Show help/);
  assert.match(text, /--verbose/);
  assert.match(text, /Examples:\n {2}atomiton worker --redis/);
});

Deno.test("main() rejects an unknown flag with a suggestion, and a flag without its value", async () => {
  const io = captureIo();
  const code = await main(["worker", "--redis", "redis://h:1", "--concurency", "2"], {
    io,
    signal: live(),
  });
  assert.equal(code, ExitCode.USAGE);
  assert.match(
    io.err(),
    /Unknown option "--concurency" for "atomiton worker": did you mean "--concurrency"\? See "atomiton worker --help"\./,
  );
  const missing = captureIo();
  assert.equal(await main(["worker", "--redis"], { io: missing, signal: live() }), ExitCode.USAGE);
  assert.match(missing.err(), /--redis <value>' argument missing\. See "atomiton worker --help"\./);
});

Deno.test("main() checks numbers and positionals with messages that say what is allowed", async () => {
  const io = captureIo();
  const args = ["worker", "--redis", "redis://h:1", "--concurrency", "0"];
  assert.equal(await main(args, { io, signal: live() }), ExitCode.USAGE);
  assert.match(io.err(), /Invalid --concurrency "0": expected an integer from 1 to 1024\./);
  const extra = captureIo();
  assert.equal(
    await main(["worker", "surplus", "--redis", "redis://h:1"], { io: extra, signal: live() }),
    ExitCode.USAGE,
  );
  assert.match(extra.err(), /atomiton worker takes no arguments, got "surplus"/);
  const scheme = captureIo();
  assert.equal(await main(["worker", "--redis", "http://h"], { io: scheme, signal: live() }), 2);
  assert.match(scheme.err(), /Invalid --redis "http:\/\/h": expected redis:\/\/host:port\./);
  const none = captureIo();
  assert.equal(await main(["worker"], { io: none, signal: live() }), ExitCode.USAGE);
  assert.match(none.err(), /--redis <url> is required \(or ATOMITON_REDIS_URL\)/);
});

Deno.test("main() colours errors only on a terminal, never with NO_COLOR or --no-color", async () => {
  const cases: [Record<string, string>, boolean, string[], boolean][] = [
    [{}, true, [], true],
    [{}, false, [], false],
    [{ NO_COLOR: "1" }, true, [], false],
    [{ TERM: "dumb" }, true, [], false],
    [{}, true, ["--no-color"], false],
    [{ FORCE_COLOR: "1" }, false, [], true],
    [{ FORCE_COLOR: "0" }, false, [], false],
  ];
  for (const [env, isTTY, extra, coloured] of cases) {
    const io = captureIo(env, { isTTY });
    await main(["nope", ...extra], { io, signal: live() });
    assert.equal(io.err().includes("\x1b["), coloured, JSON.stringify({ env, isTTY, extra }));
  }
});

Deno.test("main() returns 130 when the command was cancelled", async () => {
  const controller = new AbortController();
  controller.abort(new CliError("INTERRUPTED", "Cancelled."));
  const io = captureIo();
  // --help finishes despite the signal; the exit code still says it was interrupted.
  assert.equal(await main(["worker", "--help"], { io, signal: controller.signal }), 130);
});

Deno.test("atomiton as a subprocess: exit codes and streams as a user sees them", async () => {
  const version = await runCli(["--version"]);
  assert.deepEqual(version, { code: 0, stdout: `${VERSION}\n`, stderr: "" });
  const typo = await runCli(["rnu"]);
  assert.equal(typo.code, 2);
  assert.equal(typo.stdout, "");
  assert.match(typo.stderr, /^error \[USAGE\]: Unknown command "rnu": did you mean "run"\?/);
  assert.ok(!typo.stderr.includes("\x1b[") && !/at .*\.ts:\d+/.test(typo.stderr));
});
