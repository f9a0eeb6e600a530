import assert from "node:assert/strict";
import { newRunId } from "./new_run_id.ts";
import { newRunId as fromEntry } from "./mod.ts";
import { checkRunId } from "./_engine_options.ts";

Deno.test("newRunId() is sortable by time, unique, and a valid runId", () => {
  assert.equal(fromEntry, newRunId, "public from the package's entry");
  assert.match(newRunId(new Date("2025-03-04T05:06:07.890Z")), /^20250304-050607-[0-9a-f]{6}$/);
  const early = newRunId(new Date("2025-03-04T05:06:07Z"));
  const late = newRunId(new Date("2025-03-04T05:06:08Z"));
  assert.ok(early < late);
  assert.notEqual(newRunId(), newRunId());
  const id = newRunId();
  assert.equal(checkRunId(id), id);
});
