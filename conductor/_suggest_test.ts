import assert from "node:assert/strict";
import { suggest } from "./_suggest.ts";

Deno.test("suggest() picks the closest name within two edits, or none", () => {
  const names = ["run", "storage", "events", "worker"];
  assert.equal(suggest("rnu", names), "run");
  assert.equal(suggest("stroage", names), "storage");
  assert.equal(suggest("event", names), "events");
  assert.equal(suggest("deploy", names), undefined);
  assert.equal(suggest("", []), undefined);
});
