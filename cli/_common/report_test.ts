import assert from "node:assert/strict";
import { captureIo } from "../testdata/cli.ts";
import { report } from "./report.ts";
import { createStyle } from "./style.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

const plain = createStyle(false);
const live = new AbortController().signal;

function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

Deno.test("report() prints a CliError's code and message, no stack, and returns its exit code", () => {
  const io = captureIo();
  const code = report(new CliError("INVALID_BLUEPRINT", 'Node "b": bad.'), io, plain, false, live);
  assert.equal(code, ExitCode.INVALID_INPUT);
  assert.equal(io.err(), 'error [INVALID_BLUEPRINT]: Node "b": bad.\n');
});

Deno.test("report() hides a foreign error's stack unless --verbose, and shows its cause then", () => {
  const quiet = captureIo();
  assert.equal(report(new Error("boom"), quiet, plain, false, live), ExitCode.FAILURE);
  assert.equal(quiet.err(), "error: boom\n(run with --verbose for the stack trace)\n");
  const verbose = captureIo();
  const error = new Error("boom", { cause: new Error("root cause") });
  report(error, verbose, plain, true, live);
  assert.match(verbose.err(), /^error: boom\nError: boom\n\s+at /);
  assert.match(verbose.err(), /cause: Error: root cause/);
  const thrown = captureIo();
  report("a string", thrown, plain, false, live);
  assert.match(thrown.err(), /^error: a string\n/);
});

Deno.test("report() maps the other packages' error codes to exit codes", () => {
  const cases: [string, number][] = [
    ["UNAVAILABLE", ExitCode.UNAVAILABLE],
    ["TRANSPORT_FAILED", ExitCode.UNAVAILABLE],
    ["MISCONFIGURED", ExitCode.UNAVAILABLE],
    ["PERMISSION_DENIED", ExitCode.UNAVAILABLE],
    ["__proto__", ExitCode.FAILURE],
    ["CORRUPT", ExitCode.INVALID_INPUT],
    ["INVALID_LOG", ExitCode.INVALID_INPUT],
    ["INVALID_KEY", ExitCode.USAGE],
    ["BACKEND", ExitCode.FAILURE],
  ];
  for (const [code, exit] of cases) {
    const io = captureIo();
    assert.equal(report(coded(code, "x"), io, plain, false, live), exit, code);
    assert.match(io.err(), new RegExp(`^error \\[${code}\\]: x`));
  }
});

Deno.test("report() says 'cancelled' and returns 130 for an error caused by cancelling", () => {
  const controller = new AbortController();
  controller.abort();
  const io = captureIo();
  assert.equal(report(new Error("aborted"), io, plain, false, controller.signal), 130);
  assert.equal(io.err(), "cancelled\n");
  const usage = captureIo();
  const error = new CliError("USAGE", "bad flag");
  assert.equal(report(error, usage, plain, false, controller.signal), ExitCode.USAGE);
});

Deno.test("report() --verbose names the node runner instead of printing its data: URL", () => {
  const io = captureIo();
  const cause = new Error("the task failed");
  const url = `data:text/javascript,${encodeURIComponent("const x = (1);\n".repeat(100))}`;
  cause.stack = `Error: the task failed\n    at fail (file:///t/tasks.js:36:17)\n` +
    `    at runNode (${url}%2F%2F%23%20sourceURL%3Datomiton%3Anode-runner.js%0A:14:16)\n` +
    `    at ${url}:3:1\n` +
    `    at runNode (data:text/javascript,%0Aconst%20c%20%......%3Anode-runner.js%0A:14:16)`;
  report(new CliError("NODE_FAILED", "failed", { cause }), io, plain, true, live);
  assert.ok(
    io.err().endsWith(
      "cause: Error: the task failed\n    at fail (file:///t/tasks.js:36:17)\n" +
        "    at runNode (atomiton:node-runner.js:14:16)\n    at data:…:3:1\n" +
        "    at runNode (atomiton:node-runner.js:14:16)\n",
    ),
    io.err(),
  );
});
