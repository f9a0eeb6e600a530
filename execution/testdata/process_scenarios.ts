// What ProcessClient owes its caller, checked on Node.js (child_process) by the
// runtime tests; process_client_test.ts checks the same on Deno in detail.
import { ExecutionError } from "@atomiton/execution";
import { ProcessClient } from "@atomiton/execution/process";

type Check = (ok: boolean, message: string) => void;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Runs the process scenarios; returns the failures. */
export async function runProcessScenarios(runtime: string): Promise<string[]> {
  const failures: string[] = [];
  const check: Check = (ok, message) => {
    if (!ok) failures.push(`${runtime} process: ${message}`);
  };
  const client = new ProcessClient({ maxOutput: 1000, killGrace: 50 });
  try {
    const child = await client.spawn("sh", ["-c", "echo out; echo err >&2; exit 4"], {
      env: { UNUSED: "1" },
    });
    const result = await child.wait();
    check(
      result.exitCode === 4 && result.stdout === "out\n" && result.stderr === "err\n" &&
        result.signal === null,
      `wait ${JSON.stringify(result)}`,
    );
    const cat = await client.spawn("cat", [], { stdin: "piped" });
    await cat.sendInput("a\n");
    await cat.sendInput(new TextEncoder().encode("b\n"));
    await cat.closeInput();
    check((await cat.wait()).stdout === "a\nb\n", "sendInput");
    const piped = await client.spawn("cat", [], { stdin: "text" });
    check((await piped.wait()).stdout === "text", "stdin text");
    const big = await (await client.spawn("head", ["-c", "100000", "/dev/zero"])).wait();
    check(big.stdout.length === 1000 && big.stdoutTruncated, "output cap");
    const stubborn = await client.spawn("sh", ["-c", "trap '' TERM; echo ready; exec sleep 30"]);
    const reader = stubborn.stdout.getReader();
    await reader.read();
    reader.releaseLock();
    check((await stubborn.kill()).signal === "SIGKILL", "SIGKILL after the grace period");
    const slow = await client.spawn("sleep", ["30"], { timeout: 20 });
    const timedOut = await caught(slow.wait());
    check(
      timedOut instanceof ExecutionError && timedOut.code === "PROCESS_TIMEOUT",
      `timeout ${timedOut}`,
    );
    const missing = await caught(client.spawn("atomiton-no-such-program-xyz"));
    check(
      missing instanceof ExecutionError && missing.code === "SPAWN_FAILED" &&
        /no such program/.test(missing.message),
      `missing program ${missing}`,
    );
    await client.spawn("sleep", ["30"]);
    check(client.running === 1, `running ${client.running}`);
  } catch (error) {
    failures.push(`${runtime} process: threw ${(error as Error)?.stack ?? error}`);
  } finally {
    await client.close();
  }
  check(client.running === 0, "close ends every child");
  return failures;
}
