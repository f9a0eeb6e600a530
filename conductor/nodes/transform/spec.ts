import type { BuiltinSpec } from "../_spec.ts";
import { TRANSFORM_TASK_URL } from "./task.ts";

const OPERATIONS = [
  "map",
  "filter",
  "reduce",
  "sort",
  "group",
  "flatten",
  "unique",
  "reverse",
  "limit",
  "skip",
  "slice",
];

/**
 * The `transform` node type: list operations, some with a JavaScript function
 * from the flow, which runs only in a sandboxed worker.
 */
export const spec: BuiltinSpec = {
  type: "transform",
  description:
    "Maps, filters, reduces, sorts, groups, flattens, dedupes, reverses or slices its input list",
  module: TRANSFORM_TASK_URL,
  export: "transform",
  sandbox: true,
  runtimes: ["deno", "node", "browser"],
  parameters: {
    operation: {
      type: "string",
      description: "The operation on the input list (one object is a list of one)",
      enum: OPERATIONS,
      default: "map",
    },
    transformFunction: {
      type: "string",
      description:
        "JavaScript function of map (item), filter (item) and reduce ({ acc, item, index }), or a path such as item.name",
      default: "item => item",
      code: true,
    },
    reduceFunction: {
      type: "string",
      description: "Kept from the platform's defaults; reduce runs transformFunction, as there",
      default: "(acc, item) => acc + item",
      code: true,
    },
    reduceInitial: {
      type: "string",
      description: "Reduce's initial value: JSON, a number, or else text",
      default: "0",
    },
    sortKey: {
      type: "string",
      description: "The field to sort by (default: the items themselves); numbers as numbers",
    },
    sortDirection: {
      type: "string",
      description: "Sort direction",
      enum: ["asc", "desc"],
      default: "asc",
    },
    groupKey: {
      type: "string",
      description: "The field to group by (default: sortKey); the output is { [value]: items }",
    },
    flattenDepth: {
      type: "number",
      description: "How many levels flatten opens",
      default: 1,
      min: 1,
      max: 10,
      integer: true,
    },
    limitCount: {
      type: "number",
      description: "How many items limit keeps (default 10)",
      min: 1,
      integer: true,
    },
    skipCount: {
      type: "number",
      description: "How many items skip drops (default 0)",
      min: 0,
      integer: true,
    },
    sliceStart: {
      type: "number",
      description: "Slice's first index (default 0)",
      min: 0,
      integer: true,
    },
    sliceEnd: {
      type: "number",
      description: "Slice's end index, exclusive (negative: from the end; default: the end)",
      integer: true,
    },
    data: {
      type: "array",
      description: "The list to transform when no edge brings an input",
      json: true,
    },
  },
};
