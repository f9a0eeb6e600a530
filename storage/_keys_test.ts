import assert from "node:assert/strict";
import { checkKey, checkPrefix, utf8Length } from "./_keys.ts";

Deno.test("utf8Length() counts UTF-8 bytes, surrogate pairs as 4 and lone surrogates as 3", () => {
  for (const text of ["", "a", "é", "日", "😀", "a😀é日", "\ud800", "\udc00x", "😀".repeat(300)]) {
    const expected = new TextEncoder().encode(text).length;
    assert.equal(utf8Length(text), expected, JSON.stringify(text));
  }
});

Deno.test("checkKey() accepts 1,024 bytes and refuses 1,025, whatever the characters", () => {
  for (const [unit, bytes] of [["x", 1], ["é", 2], ["日", 3], ["😀", 4]] as const) {
    const fits = unit.repeat(Math.floor(1024 / bytes));
    assert.equal(checkKey(fits), fits);
    assert.throws(() => checkKey(fits + "xx"), { code: "INVALID_KEY", message: /UTF-8 bytes/ });
  }
});

Deno.test("checkPrefix() allows an empty or missing prefix and checks the rest like a key", () => {
  assert.equal(checkPrefix(undefined), "");
  assert.equal(checkPrefix(""), "");
  assert.equal(checkPrefix("a:"), "a:");
  assert.throws(() => checkPrefix("\0"), { code: "INVALID_KEY", message: /^Invalid prefix/ });
});
