import assert from "node:assert/strict";
import { DIError, DisposeError } from "./mod.ts";

Deno.test("DIError carries a stable code, a name and a cause", () => {
  const cause = new Error("root");
  const error = new DIError("CYCLE", "Dependency cycle: a -> a", { cause });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "DIError");
  assert.equal(error.code, "CYCLE");
  assert.equal(error.message, "Dependency cycle: a -> a");
  assert.equal(error.cause, cause);
});

Deno.test("DisposeError lists every failure and is a DIError", () => {
  const failures = [new Error("one"), "two"];
  const error = new DisposeError(failures);
  assert.ok(error instanceof DIError);
  assert.equal(error.name, "DisposeError");
  assert.equal(error.code, "DISPOSE_FAILED");
  assert.equal(error.message, "2 of the container's disposers threw");
  assert.deepEqual(error.errors, failures);
  assert.equal(error.cause, failures[0]);
});
