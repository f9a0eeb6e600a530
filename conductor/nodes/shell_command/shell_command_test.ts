import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExecutionError } from "@atomiton/execution";
import { shellCommand } from "./task.ts";

// A ConductorError with this code and a message that says this.
const refused = (promise: Promise<unknown>, code: string, message: RegExp): Promise<void> =>
  assert.rejects(promise, { name: "ConductorError", code, message });

Deno.test("shellCommand() runs a program and outputs its exit code, stdout and stderr", async () => {
  const output = await shellCommand({ parameters: { program: "echo", args: ["hello", "world"] } });
  assert.deepEqual(output, {
    exitCode: 0,
    signal: null,
    stdout: "hello world\n",
    stderr: "",
    truncated: false,
  });
  const both = await shellCommand({
    parameters: { program: "sh", args: '["-c", "echo out; echo err >&2"]' },
  });
  assert.deepEqual([both.stdout, both.stderr], ["out\n", "err\n"]);
  const quiet = await shellCommand({
    parameters: { program: "echo", args: ["x"], captureOutput: false },
  });
  assert.deepEqual([quiet.exitCode, quiet.stdout, quiet.stderr], [0, "", ""]);
});

Deno.test("shellCommand() passes arguments as they are: spaces, ; and $(…) are not interpreted", async () => {
  const args = ["a b; touch pwned", "$(echo no)", "`echo no`", "| cat", "&& false", "'quoted'", ""];
  const output = await shellCommand({ parameters: { program: "printf", args: ["[%s]", ...args] } });
  assert.equal(output.stdout, args.map((arg) => `[${arg}]`).join(""));
  await refused(
    shellCommand({ parameters: { program: "echo hi; touch pwned" } }),
    "INVALID_PARAMETER",
    /cannot run "echo hi; touch pwned": no such program \(a command line needs shell: true\)/,
  );
});

Deno.test("shellCommand() with shell: true runs a command line, args as $1, $2", async () => {
  const output = await shellCommand({
    parameters: { program: 'printf "%s|" "$@" | tr a-z A-Z', args: ["a b", "c;d"], shell: true },
  });
  assert.equal(output.stdout, "A B|C;D|");
});

Deno.test("shellCommand() fails a non-zero exit with EXIT_CODE, unless allowFailure", async () => {
  await refused(
    shellCommand({ parameters: { program: "sh", args: ["-c", "echo broke >&2; exit 3"] } }),
    "EXIT_CODE",
    /shell-command: sh exited with code 3: broke \(set allowFailure: true/,
  );
  const output = await shellCommand({
    parameters: { program: "sh", args: ["-c", "exit 3"], allowFailure: true },
  });
  assert.equal(output.exitCode, 3);
});

Deno.test("shellCommand() writes stdin as data, even text that names a mode", async () => {
  for (const stdin of ["line one\nline two\n", "piped", "null", ""]) {
    const output = await shellCommand({ parameters: { program: "cat", stdin } });
    assert.equal(output.stdout, stdin);
  }
});

Deno.test("shellCommand() runs in workingDirectory", async () => {
  const folder = await mkdtemp(join(tmpdir(), "atomiton-shell-"));
  try {
    const output = await shellCommand({ parameters: { program: "pwd", workingDirectory: folder } });
    assert.equal(output.stdout.trim(), folder);
  } finally {
    await rm(folder, { recursive: true });
  }
});

Deno.test("shellCommand() kills the process when its signal aborts", async () => {
  const folder = await mkdtemp(join(tmpdir(), "atomiton-shell-"));
  try {
    const marker = join(folder, "pid");
    const controller = new AbortController();
    const running = shellCommand(
      { parameters: { program: `echo $$ > "$1"; exec sleep 60`, args: [marker], shell: true } },
      { signal: controller.signal },
    );
    // Wait for the process to say it runs (an event, not a time): poll for its marker file.
    let pid = "";
    while (!pid.endsWith("\n")) {
      pid = await readFile(marker, "utf8").catch(() => "");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const reason = new Error("run cancelled");
    controller.abort(reason);
    await assert.rejects(running, (error) => error === reason);
    assert.throws(() => Deno.kill(Number(pid), "SIGCONT"), /ESRCH|No such process|not found/i);
  } finally {
    await rm(folder, { recursive: true });
  }
});

Deno.test("shellCommand() refuses bad parameters, and a missing program, with a code", async () => {
  for (
    const [parameters, message] of [
      [{}, /"program" must be a program name or path, got nothing/],
      [{ program: "" }, /"program" must be a program name or path/],
      [{ program: ["echo"] }, /"program" must be a program name or path/],
      [{ program: "echo", args: [1, 2] }, /"args" must be a list of texts, got \[1,2\]/],
      [{ program: "echo", args: "echo hi" }, /"args" must be a list of texts \(or JSON of one\)/],
      [{ program: "echo", args: '{"__proto__": 1}' }, /"args" must be a list of texts/],
      [{ program: "cat", stdin: 5 }, /"stdin" must be text, got number/],
    ] as const
  ) {
    await refused(shellCommand({ parameters }), "INVALID_PARAMETER", message);
  }
  await assert.rejects(
    shellCommand({ parameters: { program: "no-such-program-atomiton" } }),
    (error) => error instanceof ExecutionError && error.code === "SPAWN_FAILED",
  );
});
