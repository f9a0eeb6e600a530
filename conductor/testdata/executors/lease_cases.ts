/**
 * The behaviour every `RunLease` owes, as tests registered for one lease.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { RunLease } from "../../run_lease.ts";

/** Only turns a lease that never expires into a failure; a healthy one expires long before. */
const SAFETY_NET_MS = 30_000;

/** What a lease under test needs. */
export interface LeaseUnderTest {
  /** The lease's name in test names. */
  readonly name: string;
  /** Test options, such as `ignore`. */
  readonly test?: Partial<Deno.TestDefinition>;
  /** Makes two leases on the same store (as two orchestrators would), and a way to stop them. */
  readonly make: () => Promise<{ a: RunLease; b: RunLease; stop?: () => Promise<void> }>;
}

/** Polls `acquire` until it succeeds; fails only past the safety net. */
export async function acquireWhenFree(
  lease: RunLease,
  runId: string,
  holder: string,
  ttl: number,
): Promise<void> {
  const giveUp = Date.now() + SAFETY_NET_MS;
  while (!(await lease.acquire(runId, holder, ttl))) {
    if (Date.now() > giveUp) throw new Error(`${holder} never got the lease of ${runId}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Registers the cases every lease must pass. */
export function leaseCases({ name, test, make }: LeaseUnderTest): void {
  const it = (what: string, fn: (a: RunLease, b: RunLease) => Promise<void>): void =>
    Deno.test({
      name: `${name} ${what}`,
      ...test,
      fn: async () => {
        const { a, b, stop } = await make();
        try {
          await fn(a, b);
        } finally {
          await stop?.();
        }
      },
    });

  it(
    "refuses a second holder while the first is live, and lets the holder in again",
    async (a, b) => {
      assert.equal(await a.acquire("run-1", "alice", 60_000), true);
      assert.equal(await b.acquire("run-1", "bob", 60_000), false);
      assert.equal(await a.acquire("run-1", "alice", 60_000), true);
      assert.equal(await b.acquire("run-2", "bob", 60_000), true, "another run is free");
    },
  );

  it("renews only for its holder", async (a, b) => {
    assert.equal(await a.acquire("run-1", "alice", 60_000), true);
    assert.equal(await b.renew("run-1", "bob", 60_000), false);
    assert.equal(await a.renew("run-1", "alice", 60_000), true);
    assert.equal(await b.acquire("run-1", "bob", 60_000), false);
    assert.equal(await b.renew("run-9", "bob", 60_000), false, "nobody holds run-9");
  });

  it("release by a non-holder does nothing; by the holder frees the run", async (a, b) => {
    assert.equal(await a.acquire("run-1", "alice", 60_000), true);
    await b.release("run-1", "bob");
    assert.equal(await b.acquire("run-1", "bob", 60_000), false);
    await a.release("run-1", "alice");
    assert.equal(await b.acquire("run-1", "bob", 60_000), true);
    assert.equal(await a.renew("run-1", "alice", 60_000), false);
  });

  it("lets another holder take over a lease only once it expired", async (a, b) => {
    const ttl = 50;
    const before = Date.now();
    assert.equal(await a.acquire("run-1", "alice", ttl), true);
    await acquireWhenFree(b, "run-1", "bob", 60_000);
    assert.ok(Date.now() >= before + ttl, "bob got in before alice's lease could have expired");
    assert.equal(await a.renew("run-1", "alice", 60_000), false, "alice lost it");
    assert.equal(await a.acquire("run-1", "alice", 60_000), false, "bob holds it now");
    await a.release("run-1", "alice");
    assert.equal(await b.renew("run-1", "bob", 60_000), true, "alice's release left bob's lease");
  });

  it("refuses a bad holder or ttl with INVALID_OPTION", async (a) => {
    for (const [holder, ttl] of [["", 1000], ["alice", 0], ["alice", Number.NaN]] as const) {
      await assert.rejects(
        a.acquire("run-1", holder, ttl),
        (error) => (error as { code?: string }).code === "INVALID_OPTION",
      );
    }
  });
}
