import assert from "node:assert/strict";
import { Container, DIError, token } from "./mod.ts";

Deno.test("token() keeps its name and is a distinct key", () => {
  const a = token<number>("n");
  const b = token<number>("n");
  assert.equal(a.name, "n");
  assert.notEqual(a, b);
  const container = new Container().registerValue(a, 1).registerValue(b, 2);
  assert.equal(container.resolve(a), 1);
  assert.equal(container.resolve(b), 2);
});

Deno.test("token() rejects an empty or non-string name", () => {
  for (const name of ["", 1, undefined] as never[]) {
    assert.throws(() => token(name), (error) => {
      assert.ok(error instanceof DIError);
      assert.equal(error.code, "INVALID_TOKEN");
      assert.match(error.message, /non-empty name/);
      return true;
    });
  }
});
