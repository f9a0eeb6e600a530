/**
 * The takeover test's blueprint: one node whose task waits for ever (until its
 * run is cancelled) in a process that set `globalThis.holdTasks`, and answers
 * `"done"` in any other.
 *
 * @module
 */
const source = "export default (input, ctx) => globalThis.holdTasks " +
  "? new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))) " +
  ": 'done';";

/** One node, `hold`. */
export const takeoverBlueprint = {
  id: "takeover",
  name: "Takeover",
  nodes: [{
    id: "hold",
    type: "task",
    position: { x: 0, y: 0 },
    data: { module: `data:text/javascript,${encodeURIComponent(source)}` },
  }],
  edges: [],
};
