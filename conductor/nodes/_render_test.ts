import assert from "node:assert/strict";
import fc from "fast-check";
import {
  assertPrototypeClean,
  HOSTILE_KEYS,
  PROTOTYPE_KEYS,
} from "../../scripts/testing/hostile.ts";
import { renderTemplate, textOf } from "./_render.ts";

const NOW = "2025-01-02T03:04:05.678Z";

Deno.test("renderTemplate() fills fields, dotted paths and $now", () => {
  const input = { name: "Ada", user: { city: "London", tags: ["a", "b"] }, n: 3 };
  assert.equal(
    renderTemplate("{{name}} in {{ user.city }} at {{$now}}, n={{n}}", input, NOW),
    `Ada in London at ${NOW}, n=3`,
  );
  assert.equal(renderTemplate("{{user.tags.1}}", input, NOW), "b");
  assert.equal(renderTemplate("{{user.tags}}", input, NOW), "a\nb");
  assert.equal(renderTemplate("{{user}}", input, NOW), '{"city":"London","tags":["a","b"]}');
});

Deno.test("renderTemplate() renders a missing field, or a path through a non-object, as empty", () => {
  const input = { a: { b: null }, s: "text" };
  assert.equal(
    renderTemplate("[{{missing}}|{{a.x.y}}|{{s.length}}|{{a.b}}]", input, NOW),
    "[|||null]",
  );
  assert.equal(renderTemplate("[{{x}}]", undefined, NOW), "[]");
  assert.equal(renderTemplate("[{{x}}]", "a string", NOW), "[]");
});

Deno.test("renderTemplate() gives $input whole: a string as is, strings joined, other values as JSON", () => {
  assert.equal(renderTemplate("{{$input}}", "hello", NOW), "hello");
  assert.equal(renderTemplate("{{$input}}", ["one", "two"], NOW), "one\ntwo");
  assert.equal(renderTemplate("{{$input}}", { a: 1 }, NOW), '{"a":1}');
  assert.equal(renderTemplate("{{$input}}", [1, "x"], NOW), '[1,"x"]');
  assert.equal(renderTemplate("{{$input}}", 42, NOW), "42");
  assert.equal(renderTemplate("{{$input}}", undefined, NOW), "");
  assert.equal(renderTemplate("{{$input.a.b}}", { a: { b: "deep" } }, NOW), "deep");
});

Deno.test("renderTemplate() leaves what is not a path as it is, and evaluates nothing", () => {
  const input = { a: 1 };
  for (
    const text of [
      "{{ a + 1 }}",
      "{{@if(it.a)}}yes{{/if}}",
      "{{ globalThis.x = 1 }}",
      "{{a | safe}}",
      "{{}}",
      "{{ constructor.constructor('return 1')() }}",
      "{ {a} }",
    ]
  ) {
    assert.equal(renderTemplate(text, input, NOW), text);
  }
  assert.equal((globalThis as { x?: unknown }).x, undefined);
});

Deno.test("renderTemplate() reads only own properties: prototype names are empty unless owned", () => {
  for (const key of PROTOTYPE_KEYS) {
    assert.equal(renderTemplate(`{{${key}}}`, {}, NOW), "", key);
    assert.equal(renderTemplate(`{{a.${key}}}`, { a: [] }, NOW), "", key);
  }
  const owned = JSON.parse('{"__proto__": "mine", "constructor": {"name": "c"}}');
  assert.equal(renderTemplate("{{__proto__}}/{{constructor.name}}", owned, NOW), "mine/c");
  assertPrototypeClean();
});

Deno.test("renderTemplate() does not render HTML entities (squirrelly escapes; files and commands must not)", () => {
  assert.equal(renderTemplate(`{{t}}`, { t: `<a href="x">&'` }, NOW), `<a href="x">&'`);
});

Deno.test("renderTemplate() renders a template of only literal text unchanged, hostile text included", () => {
  for (const key of HOSTILE_KEYS) {
    if (key.includes("{{")) continue;
    assert.equal(renderTemplate(key, { a: 1 }, NOW), key);
  }
  fc.assert(fc.property(fc.string(), (text) => {
    fc.pre(!text.includes("{{"));
    return renderTemplate(text, { a: 1 }, NOW) === text;
  }));
});

Deno.test("renderTemplate() is linear on unclosed and repeated braces", () => {
  // Would take minutes with a backtracking pattern; a hang fails this test rather than a timer.
  const open = "{{" + " ".repeat(200_000);
  assert.equal(renderTemplate(open, {}, NOW), open);
  const many = "{{a".repeat(100_000);
  assert.equal(renderTemplate(many, {}, NOW), many);
  assert.equal(renderTemplate("{{a}}".repeat(10_000), { a: "x" }, NOW), "x".repeat(10_000));
});

Deno.test("textOf() survives values JSON cannot hold", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(textOf(cyclic), "[object Object]");
  assert.equal(textOf({ big: 1n }), "[object Object]");
  assert.equal(textOf(10n), "10");
  assert.equal(textOf(null), "null");
});
