import type { BuiltinSpec } from "../_spec.ts";

/** The `edit-fields` node type: sets fields on its input (or on a new object). */
export const spec: BuiltinSpec = {
  type: "edit-fields",
  description:
    "Sets fields from `values` on its input (or a new object); {{field}} placeholders filled",
  task: "editFields",
  parameters: {
    values: {
      type: "object",
      json: true,
      default: {},
      description:
        "Fields to set, by name (object or JSON string); in strings {{field}}, {{a.b}}, {{$input}}, {{$now}} are filled",
    },
    keepOnlySet: {
      type: "boolean",
      default: false,
      description: "Output only the fields of `values`, dropping the input's others",
    },
  },
};
