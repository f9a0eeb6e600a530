import type { BuiltinSpec } from "../_spec.ts";

/** Runs its child nodes once per item (forEach), count times (times), or while a condition holds. */
export const spec: BuiltinSpec = {
  type: "loop",
  description: "Runs its child nodes once per item, a number of times, or while a condition holds",
  container: "loop",
  sandbox: true,
  // Never called: the flow translation turns a loop into a mapped (or repeated) sub-blueprint.
  module:
    "data:text/javascript,export default () => { throw new Error('a loop runs its child nodes'); };",
  parameters: {
    loopType: {
      type: "string",
      description: "forEach: once per item; times: count times; while: while condition holds",
      enum: ["forEach", "times", "while"],
      default: "forEach",
    },
    array: {
      type: "array",
      description: "The items of a forEach loop (default: its input, which must be an array)",
      json: true,
    },
    count: {
      type: "number",
      description: "Iterations of a times loop: the children get 0 to count - 1",
      default: 10,
      min: 1,
      max: 10000,
      integer: true,
    },
    condition: {
      type: "string",
      description:
        "JavaScript expression of a while loop, with iteration and lastResult (runs sandboxed)",
      code: true,
    },
    collectResults: {
      type: "boolean",
      description: "Output every iteration's result in order (false: only { count })",
      default: true,
    },
    maxIterations: {
      type: "number",
      description: "The most iterations of a while loop",
      default: 1000,
      min: 1,
      max: 10000,
      integer: true,
    },
    concurrency: {
      type: "number",
      description: "Iterations of forEach and times at once (while runs one after the other)",
      default: 1,
      min: 1,
      max: 1000,
      integer: true,
    },
  },
};
