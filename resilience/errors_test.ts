import assert from "node:assert/strict";
import { BrokenCircuitError } from "./broken_circuit_error.ts";
import { BulkheadRejectedError } from "./bulkhead_rejected_error.ts";
import { ResilienceError } from "./resilience_error.ts";
import { RetryError } from "./retry_error.ts";
import { TimeoutError } from "./timeout_error.ts";

Deno.test("ResilienceError carries a code, a message and a cause", () => {
  const cause = new Error("root");
  const error = new ResilienceError("SOME_CODE", "what went wrong", { cause });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ResilienceError");
  assert.equal(error.code, "SOME_CODE");
  assert.equal(error.message, "what went wrong");
  assert.equal(error.cause, cause);
});

Deno.test("ResilienceError subclasses have stable codes and names", () => {
  const cases: [ResilienceError, string, string][] = [
    [new RetryError(3, new Error()), "RETRY_EXHAUSTED", "RetryError"],
    [new TimeoutError(5), "TIMEOUT", "TimeoutError"],
    [new BrokenCircuitError("open"), "BROKEN_CIRCUIT", "BrokenCircuitError"],
    [new BulkheadRejectedError(1, 0), "BULKHEAD_REJECTED", "BulkheadRejectedError"],
  ];
  for (const [error, code, name] of cases) {
    assert.ok(error instanceof ResilienceError);
    assert.equal(error.code, code);
    assert.equal(error.name, name);
  }
  assert.equal(new RetryError(3, "x").message, "Gave up after 3 attempt(s).");
});
