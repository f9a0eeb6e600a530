import assert from "node:assert/strict";
import { ExecutionError } from "./execution_error.ts";
import { ProcessClient } from "./process_client.ts";
import { rejection } from "./testdata/wait_for.ts";

const deno = Deno.execPath();

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

Deno.test("ProcessClient.spawn() runs a program; wait() gives exit code, output and duration", async () => {
  await using client = new ProcessClient();
  const child = await client.spawn("sh", ["-c", "echo out; echo err >&2; exit 4"]);
  assert.ok(child.pid > 0);
  const result = await child.wait();
  assert.equal(result.exitCode, 4);
  assert.equal(result.signal, null);
  assert.equal(result.stdout, "out\n");
  assert.equal(result.stderr, "err\n");
  assert.equal(result.stdoutTruncated, false);
  assert.equal(result.stderrTruncated, false);
  assert.ok(result.duration >= 0);
  assert.equal(client.running, 0);
});

Deno.test("ProcessClient.spawn() runs Deno itself with a script", async () => {
  await using client = new ProcessClient();
  const child = await client.spawn(deno, ["eval", "console.log(6 * 7)"], {
    env: { NO_COLOR: "1" },
  });
  assert.deepEqual((await child.wait()).stdout, "42\n");
});

Deno.test("ProcessClient.spawn() passes cwd and adds env to the parent's", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await using client = new ProcessClient();
    const child = await client.spawn("sh", ["-c", 'echo "$GREETING $HOME"; pwd'], {
      cwd: dir,
      env: { GREETING: "hi" },
    });
    const { stdout } = await child.wait();
    assert.equal(stdout, `hi ${Deno.env.get("HOME")}\n${dir}\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ProcessClient.spawn() writes stdin text or bytes, then closes it", async () => {
  await using client = new ProcessClient();
  const text = await client.spawn("cat", [], { stdin: "from a string" });
  assert.equal((await text.wait()).stdout, "from a string");
  const bytes = await client.spawn("wc", ["-c"], { stdin: new Uint8Array(5) });
  assert.equal((await bytes.wait()).stdout.trim(), "5");
});

Deno.test("ProcessHandle.sendInput() and closeInput() talk to a running program", async () => {
  await using client = new ProcessClient();
  const cat = await client.spawn("cat", [], { stdin: "piped" });
  await cat.sendInput("line 1\n");
  await cat.sendInput(new TextEncoder().encode("line 2\n"));
  await cat.closeInput();
  const result = await cat.wait();
  assert.equal(result.stdout, "line 1\nline 2\n");
  assert.equal(result.exitCode, 0);
});

Deno.test("ProcessHandle.sendInput() needs stdin: piped", async () => {
  await using client = new ProcessClient();
  const child = await client.spawn("true");
  const error = await rejection(child.sendInput("x"));
  assert.ok(error instanceof ExecutionError);
  assert.equal(error.code, "INVALID_OPTION");
  await child.closeInput();
  await child.wait();
});

Deno.test("ProcessHandle.stdout streams output as it comes", async () => {
  await using client = new ProcessClient();
  const child = await client.spawn("sh", ["-c", "echo first; sleep 0.05; echo second"]);
  const reader = child.stdout.getReader();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), "first\n");
  reader.releaseLock();
  assert.equal(await readAll(child.stdout), "second\n");
  assert.equal((await child.wait()).stdout, "first\nsecond\n");
});

Deno.test("ProcessClient cuts output past maxOutput and flags it, and the child still finishes", async () => {
  await using client = new ProcessClient({ maxOutput: 1000 });
  const child = await client.spawn("head", ["-c", "300000", "/dev/zero"]);
  const result = await child.wait();
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.length, 1000);
  assert.equal(result.stdoutTruncated, true);
  assert.equal(result.stderrTruncated, false);
  // Nobody read the stream: it ended with OUTPUT_CUT rather than hold 300 KB.
  const error = await rejection(readAll(child.stdout));
  assert.ok(error instanceof ExecutionError);
  assert.equal(error.code, "OUTPUT_CUT");
});

Deno.test("ProcessHandle.stdout read from the start gets all output, with backpressure", async () => {
  await using client = new ProcessClient({ maxOutput: 4096 });
  const child = await client.spawn("head", ["-c", "200000", "/dev/zero"]);
  let total = 0;
  for await (const chunk of child.stdout) {
    total += chunk.byteLength;
    await new Promise((resolve) => setTimeout(resolve, 0)); // a slow reader
  }
  assert.equal(total, 200000);
  const result = await child.wait();
  assert.equal(result.stdout.length, 4096);
  assert.equal(result.stdoutTruncated, true);
});

Deno.test("ProcessHandle.kill() sends SIGTERM and resolves with how the process ended", async () => {
  // A generous grace: the child dying of SIGTERM must not race a SIGKILL on a busy machine.
  await using client = new ProcessClient({ killGrace: 60_000 });
  const child = await client.spawn("sleep", ["30"]);
  const result = await child.kill();
  assert.equal(result.signal, "SIGTERM");
  assert.equal(result.exitCode, null);
  assert.equal((await child.wait()).signal, "SIGTERM", "an explicit kill is not a failure");
  assert.equal(client.running, 0);
});

Deno.test("ProcessHandle.kill() forces SIGKILL when the polite signal is ignored", async () => {
  await using client = new ProcessClient({ killGrace: 50 });
  const child = await client.spawn("sh", ["-c", "trap '' TERM; echo ready; exec sleep 30"]);
  const reader = child.stdout.getReader();
  await reader.read(); // the trap is set
  reader.releaseLock();
  const result = await child.kill("SIGTERM");
  assert.equal(result.signal, "SIGKILL");
});

Deno.test("ProcessClient timeout kills the process; wait() rejects with PROCESS_TIMEOUT", async () => {
  await using client = new ProcessClient({ killGrace: 50 });
  const child = await client.spawn("sleep", ["30"], { timeout: 30 });
  const error = await rejection(child.wait());
  assert.ok(error instanceof ExecutionError);
  assert.equal(error.code, "PROCESS_TIMEOUT");
  assert.match(error.message, /sleep did not finish within 30 ms/);
  assert.equal(client.running, 0);
});

Deno.test("ProcessClient signal kills the process; wait() rejects with its reason", async () => {
  await using client = new ProcessClient();
  const controller = new AbortController();
  const child = await client.spawn("sleep", ["30"], { signal: controller.signal });
  controller.abort(new Error("user stopped it"));
  await assert.rejects(child.wait(), { message: "user stopped it" });
  await assert.rejects(
    client.spawn("sleep", ["1"], { signal: AbortSignal.abort(new Error("before start")) }),
    { message: "before start" },
  );
  assert.equal(client.running, 0);
});

Deno.test("ProcessClient.spawn() rejects a missing program with a clear SPAWN_FAILED", async () => {
  await using client = new ProcessClient();
  const error = await rejection(client.spawn("atomiton-no-such-program-xyz"));
  assert.ok(error instanceof ExecutionError);
  assert.equal(error.code, "SPAWN_FAILED");
  assert.match(error.message, /atomiton-no-such-program-xyz: no such program/);
  assert.ok(error.cause instanceof Error);
  const notExecutable = await rejection(client.spawn(new URL(import.meta.url).pathname));
  assert.equal(notExecutable.code, "SPAWN_FAILED");
});

Deno.test("ProcessClient.close() ends every running child and refuses new ones", async () => {
  // One client per child: a generous grace where SIGTERM must do, a short one where it cannot.
  const polite = new ProcessClient({ killGrace: 60_000 });
  const stubborn = new ProcessClient({ killGrace: 50 });
  const children = await Promise.all([
    polite.spawn("sleep", ["30"]),
    stubborn.spawn("sh", ["-c", "trap '' TERM; echo ready; exec sleep 30"]),
  ]);
  const reader = children[1]!.stdout.getReader();
  await reader.read();
  reader.releaseLock();
  assert.equal(polite.running + stubborn.running, 2);
  await Promise.all([polite.close(), stubborn.close()]);
  assert.equal(polite.running + stubborn.running, 0);
  const results = await Promise.all(children.map((child) => child.wait()));
  assert.deepEqual(results.map((r) => r.signal), ["SIGTERM", "SIGKILL"]);
  const error = await rejection(polite.spawn("true"));
  assert.equal(error.code, "CLIENT_CLOSED");
});

Deno.test("ProcessClient.wait() does not hang on a grandchild that keeps the pipe open", async () => {
  await using client = new ProcessClient({ killGrace: 50 });
  const child = await client.spawn("sh", ["-c", "sleep 1 & echo started"]);
  const result = await child.wait();
  assert.equal(result.stdout, "started\n");
  assert.equal(result.exitCode, 0);
  await new Promise((resolve) => setTimeout(resolve, 1100)); // let the grandchild go
});

Deno.test("ProcessClient rejects bad options with INVALID_OPTION", async () => {
  assert.throws(() => new ProcessClient({ maxOutput: -1 }), ExecutionError);
  assert.throws(() => new ProcessClient({ killGrace: Number.NaN }), ExecutionError);
  await using client = new ProcessClient();
  assert.equal((await rejection(client.spawn(""))).code, "INVALID_OPTION");
  assert.equal((await rejection(client.spawn("true", [], { timeout: -1 }))).code, "INVALID_OPTION");
});

Deno.test("ProcessClient from the npm deno build runs on Deno.Command", async () => {
  const { ProcessClient: DenoProcessClient } = await import("./process_client_deno.ts");
  await using client = new DenoProcessClient();
  assert.ok(client instanceof ProcessClient);
  assert.equal(DenoProcessClient.name, "ProcessClient");
  const child = await client.spawn("echo", ["deno build"]);
  assert.equal((await child.wait()).stdout, "deno build\n");
});
