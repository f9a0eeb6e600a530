import assert from "node:assert/strict";
import {
  assertPrototypeClean,
  HOSTILE_KEYS,
  PROTOTYPE_KEYS,
} from "../../../scripts/testing/hostile.ts";
import { ConductorError } from "../../conductor_error.ts";
import { editFields } from "./task.ts";

const plain = (value: Record<string, unknown>): Record<string, unknown> => ({ ...value });

Deno.test("editFields() sets values over the input's fields", () => {
  const output = editFields({
    parameters: { values: { b: 2, c: { deep: true } }, keepOnlySet: false },
    input: { a: 1, b: 1 },
  });
  assert.deepEqual(plain(output), { a: 1, b: 2, c: { deep: true } });
});

Deno.test("editFields() with keepOnlySet outputs only the values", () => {
  const output = editFields({
    parameters: { values: { b: "{{a}}" }, keepOnlySet: true },
    input: { a: "kept in b", c: 3 },
  });
  assert.deepEqual(plain(output), { b: "kept in b" });
});

Deno.test("editFields() renders placeholders: fields, $now, missing as empty", () => {
  const before = Date.now();
  const output = editFields({
    parameters: {
      values: { hi: "Hi {{user.name}}{{missing}}!", at: "{{$now}}", all: "{{$input}}" },
      keepOnlySet: true,
    },
    input: { user: { name: "Ada" } },
  });
  assert.equal(output.hi, "Hi Ada!");
  const at = Date.parse(output.at as string);
  assert.ok(at >= before - 1 && new Date(at).toISOString() === output.at, String(output.at));
  assert.equal(output.all, '{"user":{"name":"Ada"}}');
});

Deno.test("editFields() takes values as a JSON string, and runs the platform's hello-world node", () => {
  const output = editFields({
    parameters: {
      values: JSON.stringify({
        message: "Hello World from Atomiton!",
        timestamp: "{{$now}}",
        author: "Atomiton Flow System",
      }),
      keepOnlySet: true,
    },
    input: undefined,
  });
  assert.deepEqual(Object.keys(output), ["message", "timestamp", "author"]);
  assert.equal(output.message, "Hello World from Atomiton!");
  assert.match(output.timestamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

Deno.test("editFields() adds no fields from an input that is not an object", () => {
  for (const input of ["text", ["a", "b"], 42, null, new Uint8Array([1])]) {
    const output = editFields({
      parameters: { values: { x: "[{{$input}}]" }, keepOnlySet: false },
      input,
    });
    assert.deepEqual(Object.keys(output), ["x"], String(input));
  }
});

Deno.test("editFields() keeps hostile field names as plain data, in values and in the input", () => {
  const values = Object.create(null);
  for (const key of HOSTILE_KEYS) values[key] = `v:${key.length}`;
  const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "toString": 1}');
  const output = editFields({ parameters: { values, keepOnlySet: false }, input });
  for (const key of HOSTILE_KEYS) {
    assert.ok(Object.hasOwn(output, key), key);
    assert.equal(output[key], `v:${key.length}`);
  }
  assert.equal(Object.getPrototypeOf(output), null);
  const kept = editFields({ parameters: { values: {}, keepOnlySet: false }, input });
  assert.deepEqual(kept.__proto__, { polluted: true });
  assert.equal(kept.constructor, "c");
  for (const key of PROTOTYPE_KEYS) {
    const text = editFields({ parameters: { values: { t: `{{${key}}}` } }, input: {} });
    assert.equal(text.t, "", key);
  }
  // Round trip through JSON (how a run record stores it) keeps __proto__ a field.
  const again = JSON.parse(JSON.stringify(kept));
  assert.deepEqual(Object.keys(again).sort(), ["__proto__", "constructor", "toString"]);
  assertPrototypeClean();
});

Deno.test("editFields() refuses values that are not an object, saying what is allowed", () => {
  for (const values of [[1], "[1]", "not json", 5, null, "null"]) {
    assert.throws(
      () => editFields({ parameters: { values } }),
      (error) => {
        assert.ok(error instanceof ConductorError);
        assert.equal(error.code, "INVALID_PARAMETER");
        assert.match(
          error.message,
          /"values" must be an object of fields \(or a JSON string of one\)/,
        );
        return true;
      },
      String(values),
    );
  }
});
