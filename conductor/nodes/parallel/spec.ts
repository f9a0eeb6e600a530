import type { BuiltinSpec } from "../_spec.ts";

/** Runs its child nodes at once, up to a limit, and joins their outputs in node order. */
export const spec: BuiltinSpec = {
  type: "parallel",
  description: "Runs its child nodes at once, up to a limit, and joins their outputs",
  container: "parallel",
  // Never called: the flow translation turns it into a sub-blueprint node.
  module:
    "data:text/javascript,export default () => { throw new Error('a parallel node runs its child nodes'); };",
  parameters: {
    concurrency: {
      type: "number",
      description: "Child nodes at once",
      default: 5,
      min: 1,
      max: 50,
      integer: true,
    },
    strategy: {
      type: "string",
      description:
        "allSettled: every child runs, a failure becomes its { error } output; all: a failure fails the node",
      enum: ["all", "allSettled"],
      default: "allSettled",
    },
    operationTimeout: {
      type: "number",
      description: "Each child's time limit in ms (unless it sets its own timeout)",
      default: 30000,
      min: 1000,
      max: 300000,
    },
    globalTimeout: {
      type: "number",
      description: "The whole node's time limit in ms (unless it sets timeout)",
      default: 120000,
      min: 5000,
      max: 600000,
    },
    failFast: {
      type: "boolean",
      description: "Stop at the first failure (as strategy all)",
      default: false,
    },
    maintainOrder: {
      type: "boolean",
      description: "Results in the children's order (always so here)",
      default: true,
    },
  },
};
