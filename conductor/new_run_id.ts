/**
 * Makes a run id that sorts by the time it was made (to the second), reads as
 * a date, and is safe as a file name and a storage key: `20250304-050607-1a2b3c`.
 * `runBlueprint` uses it when no `runId` is given; make one yourself to know the
 * id (for a log file's name, say) before the run starts.
 *
 * @param date When the run starts. Default: now.
 * @returns `YYYYMMDD-HHMMSS-` (UTC) and six random hex digits.
 *
 * @example Name a run before it starts
 * ```ts
 * import { inThreadExecutor, newRunId, runBlueprint } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * assert.match(newRunId(new Date("2025-03-04T05:06:07Z")), /^20250304-050607-[0-9a-f]{6}$/);
 * const runId = newRunId();
 * const one = `data:text/javascript,${encodeURIComponent("export default () => 1;")}`;
 * const run = runBlueprint({
 *   id: "one",
 *   name: "One",
 *   nodes: [{ id: "a", type: "task", position: { x: 0, y: 0 }, data: { module: one } }],
 *   edges: [],
 * }, { executor: inThreadExecutor(), runId });
 * assert.equal(run.id, runId);
 * assert.equal((await run.result).status, "completed");
 * ```
 */
export function newRunId(date: Date = new Date()): string {
  const stamp = date.toISOString().replace(/\.\d+Z$/, "").replace(/[-:]/g, "").replace("T", "-");
  return `${stamp}-${crypto.randomUUID().slice(0, 6)}`;
}
