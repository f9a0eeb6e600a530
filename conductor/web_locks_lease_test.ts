import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import { ConductorError } from "./conductor_error.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, task } from "./testdata/engine/blueprints.ts";
import { type WebLockManager, webLocksLease } from "./web_locks_lease.ts";

// Deno implements the Web Locks API (per process): the same lock manager a page has.
const locks = (globalThis as { navigator?: { locks?: WebLockManager } }).navigator?.locks;

Deno.test({
  name: "webLocksLease() lets one holder in; a release frees the lock for another at once",
  ignore: locks === undefined,
  async fn(): Promise<void> {
    const tab = webLocksLease(locks);
    const other = webLocksLease(locks);
    assert.equal(await tab.acquire("web-locks-1", "tab", 30_000), true);
    assert.equal(await tab.acquire("web-locks-1", "tab", 30_000), true, "its holder again");
    assert.equal(await other.acquire("web-locks-1", "other", 30_000), false);
    assert.equal(await tab.acquire("web-locks-1", "other", 30_000), false, "another holder");
    assert.equal(await tab.renew("web-locks-1", "tab", 30_000), true);
    assert.equal(await other.renew("web-locks-1", "other", 30_000), false);
    await other.release("web-locks-1", "other"); // not its lock: nothing happens
    assert.equal(await other.acquire("web-locks-1", "other", 30_000), false);
    await tab.release("web-locks-1", "tab");
    assert.equal(await tab.renew("web-locks-1", "tab", 30_000), false);
    assert.equal(await other.acquire("web-locks-1", "other", 30_000), true);
    await other.release("web-locks-1", "other");
  },
});

Deno.test("webLocksLease() without a lock manager is INVALID_OPTION", () => {
  assert.throws(
    () => webLocksLease({} as WebLockManager),
    (error) => error instanceof ConductorError && error.code === "INVALID_OPTION",
  );
});

Deno.test("runBlueprint() outside a browser keeps its default lease in storage, Web Locks or not", async () => {
  const storage = new MemoryClient();
  const run = runBlueprint(blueprint([task("wait", "waitForAbort")]), {
    executor: inThreadExecutor(),
    storage,
  });
  for await (const event of run) {
    if ((event.data as { status?: string }).status !== "running") continue;
    // Deno's navigator.locks are per process: another process on this storage must see the lease.
    const lease = await storage.get<{ holder?: string }>(`run-leases/${run.id}`);
    assert.equal(typeof lease?.holder, "string");
    run.cancel();
  }
  assert.equal((await run.result).status, "cancelled");
});
