import assert from "node:assert/strict";
import { systemClock } from "./clock.ts";

Deno.test("systemClock.now() does not go backwards", () => {
  const a = systemClock.now();
  const b = systemClock.now();
  assert.ok(b >= a);
});

Deno.test("systemClock.sleep() waits and stops on abort", async () => {
  const start = systemClock.now();
  await systemClock.sleep(5);
  assert.ok(systemClock.now() - start >= 4);
  const controller = new AbortController();
  const waiting = systemClock.sleep(60_000, controller.signal);
  controller.abort("stop");
  await assert.rejects(waiting, (e) => e === "stop");
});
