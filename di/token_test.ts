import assert from "node:assert/strict";
import { Container, DIError, token } from "./mod.ts";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";

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

Deno.test("token() names are only labels: Object.prototype's names resolve as any other", async () => {
  const tokens = PROTOTYPE_KEYS.map((name) => token<string>(name));
  const container = new Container();
  for (const t of tokens) container.registerFactory(t, () => `made ${t.name}`);
  for (const t of tokens) assert.equal(container.resolve(t), `made ${t.name}`);
  const missing = token<string>("__proto__");
  assert.throws(() => container.resolve(missing), {
    code: "MISSING_REGISTRATION",
    message: 'Missing registration for "__proto__"',
  });
  await container.dispose();
  assertPrototypeClean();
});
