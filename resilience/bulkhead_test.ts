import assert from "node:assert/strict";
import { Bulkhead } from "./bulkhead.ts";
import { BulkheadRejectedError } from "./bulkhead_rejected_error.ts";
import { ResilienceError } from "./resilience_error.ts";
import { flush } from "./testdata/fake_clock.ts";

/** Work that ends when the test says so. */
function gate(): { run: () => Promise<string>; open: (value: string) => void } {
  const waiters: ((value: string) => void)[] = [];
  return {
    run: () => new Promise<string>((resolve) => waiters.push(resolve)),
    open: (value: string) => waiters.shift()?.(value),
  };
}

Deno.test("Bulkhead runs at most maxConcurrent calls and queues the rest in order", async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueued: 2 });
  const g = gate();
  const order: number[] = [];
  const calls = [1, 2, 3, 4].map((id) =>
    bulkhead.execute(() => {
      order.push(id);
      return g.run();
    })
  );
  await flush();
  assert.deepEqual(order, [1, 2]);
  assert.equal(bulkhead.running, 2);
  assert.equal(bulkhead.queued, 2);
  g.open("a");
  await flush();
  assert.deepEqual(order, [1, 2, 3]);
  assert.equal(bulkhead.running, 2);
  assert.equal(bulkhead.queued, 1);
  g.open("b");
  await flush();
  assert.deepEqual(order, [1, 2, 3, 4]);
  g.open("c");
  g.open("d");
  assert.deepEqual(await Promise.all(calls), ["a", "b", "c", "d"]);
  assert.equal(bulkhead.running, 0);
  assert.equal(bulkhead.queued, 0);
});

Deno.test("Bulkhead rejects with BulkheadRejectedError when the queue is full", async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 1 });
  const g = gate();
  const first = bulkhead.execute(g.run);
  const second = bulkhead.execute(g.run);
  let calls = 0;
  const error = await bulkhead.execute(() => ++calls).catch((e) => e);
  assert.ok(error instanceof BulkheadRejectedError);
  assert.ok(error instanceof ResilienceError);
  assert.equal(error.code, "BULKHEAD_REJECTED");
  assert.equal(error.name, "BulkheadRejectedError");
  assert.equal(error.message, "The bulkhead is full: 1 running and 1 queued.");
  assert.equal(calls, 0);
  g.open("1");
  await flush();
  g.open("2");
  assert.deepEqual(await Promise.all([first, second]), ["1", "2"]);
});

Deno.test("Bulkhead has no queue by default", async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 1 });
  const g = gate();
  const first = bulkhead.execute(g.run);
  await assert.rejects(bulkhead.execute(() => 1), BulkheadRejectedError);
  await flush();
  g.open("done");
  assert.equal(await first, "done");
  assert.equal(await bulkhead.execute(() => "free again"), "free again");
});

Deno.test("Bulkhead a queued call whose signal aborts leaves the queue", async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 2 });
  const g = gate();
  const first = bulkhead.execute(g.run);
  const controller = new AbortController();
  let aborted = 0;
  const queued = bulkhead.execute(() => ++aborted, { signal: controller.signal });
  const last = bulkhead.execute(() => "last");
  assert.equal(bulkhead.queued, 2);
  controller.abort("stop");
  await assert.rejects(queued, (e) => e === "stop");
  assert.equal(bulkhead.queued, 1);
  g.open("first");
  assert.equal(await first, "first");
  assert.equal(await last, "last");
  assert.equal(aborted, 0);
  assert.equal(bulkhead.running, 0);
});

Deno.test("Bulkhead a queued call with a signal runs when its turn comes", async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 1 });
  const g = gate();
  const first = bulkhead.execute(g.run);
  const controller = new AbortController();
  const queued = bulkhead.execute(({ signal }) => signal, { signal: controller.signal });
  g.open("first");
  await first;
  assert.equal(await queued, controller.signal);
  controller.abort(); // after the call: nothing happens
  assert.equal(bulkhead.running, 0);
});

Deno.test("Bulkhead rejects with the reason of an aborted signal without queueing", async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 1 });
  let calls = 0;
  await assert.rejects(
    bulkhead.execute(() => ++calls, { signal: AbortSignal.abort("gone") }),
    (e) => e === "gone",
  );
  assert.equal(calls, 0);
  assert.equal(bulkhead.queued, 0);
});

Deno.test("Bulkhead a failing call frees its slot for the next", async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 1 });
  const failing = bulkhead.execute(async () => {
    await flush();
    throw new Error("down");
  });
  const next = bulkhead.execute(() => "next");
  await assert.rejects(failing, { message: "down" });
  assert.equal(await next, "next");
  assert.equal(bulkhead.running, 0);
  await assert.rejects(
    bulkhead.execute((): never => {
      throw new Error("sync");
    }),
    { message: "sync" },
  );
  assert.equal(bulkhead.running, 0);
});

Deno.test("Bulkhead throws INVALID_OPTION for bad limits", () => {
  const cases: [ConstructorParameters<typeof Bulkhead>[0], RegExp][] = [
    [{ maxConcurrent: 0 }, /maxConcurrent 0: expected an integer from 1 to Infinity/],
    [{ maxConcurrent: NaN }, /maxConcurrent NaN/],
    [{ maxConcurrent: 1.5 }, /maxConcurrent 1.5/],
    [{ maxConcurrent: 1, maxQueued: -1 }, /maxQueued -1: expected an integer from 0/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => new Bulkhead(options), { code: "INVALID_OPTION", message });
  }
  assert.equal(new Bulkhead({ maxConcurrent: Infinity, maxQueued: Infinity }).running, 0);
});
