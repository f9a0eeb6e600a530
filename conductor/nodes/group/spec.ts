import type { BuiltinSpec } from "../_spec.ts";

/** A sub-flow: its child nodes and edges run as a sub-blueprint. */
export const spec: BuiltinSpec = {
  type: "group",
  description: "Runs its child nodes (nested nodes and edges) as a sub-flow",
  container: "group",
  // Never called: the flow translation turns a group into a sub-blueprint node.
  module:
    "data:text/javascript,export default () => { throw new Error('a group runs its child nodes'); };",
  parameters: {
    timeout: {
      type: "number",
      description: "Time limit of the whole group in ms",
      default: 30000,
      min: 1000,
      max: 300000,
    },
    retries: {
      type: "number",
      description: "How often the whole group is tried again after a failure",
      default: 1,
      min: 0,
      max: 10,
      integer: true,
    },
    parallel: {
      type: "boolean",
      description: "Run independent child nodes at once (false: one after the other)",
      default: false,
    },
  },
};
