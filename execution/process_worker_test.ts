import assert from "node:assert/strict";

const PARENT = new URL("./testdata/orphan_parent.ts", import.meta.url).pathname;

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT"); // a harmless signal: it only says whether the process is there
    return true;
  } catch {
    return false;
  }
}

Deno.test("a worker process (memoryLimitMb on Deno) ends when its parent is killed with SIGKILL", async () => {
  const parent = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", PARENT],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = parent.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/worker pid \d+\n/.test(text)) {
    const { value, done } = await reader.read();
    assert.ok(!done, `the parent ended before naming its worker: ${text}`);
    text += value;
  }
  const pid = Number(text.match(/worker pid (\d+)/)![1]);
  assert.notEqual(pid, parent.pid, "the worker is a process of its own");
  assert.ok(alive(pid));
  parent.kill("SIGKILL");
  await parent.status;
  await reader.cancel();
  // The worker notices its closed channel; this only turns a left-over process into a failure.
  for (let waited = 0; alive(pid) && waited < 60_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const orphaned = alive(pid);
  if (orphaned) Deno.kill(pid, "SIGKILL");
  assert.ok(!orphaned, `worker ${pid} outlived its parent`);
});
