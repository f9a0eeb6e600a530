import { ConductorError } from "../../conductor_error.ts";
import { renderTemplate } from "../_render.ts";
import type { FlowTaskInput } from "../_task.ts";

/**
 * The `edit-fields` node's task: the input's fields (unless `keepOnlySet`)
 * with the fields of `values` set over them. String values have their
 * `{{…}}` placeholders filled from the input (see `_render.ts`); other values
 * are set as they are. The output is a null-prototype object, so a field named
 * `__proto__` or `constructor` is plain data. An input that is not an object
 * (text, a list) adds no fields, but `{{$input}}` still renders it.
 *
 * @param input `parameters.values` (an object, or a JSON string of one) and
 * `parameters.keepOnlySet`; `input`, the upstream node's output.
 * @returns The edited fields.
 * @throws {ConductorError} `INVALID_PARAMETER` when `values` is not an object.
 *
 * @example Fill a message from the input
 * ```ts
 * import { editFields } from "@atomiton/conductor/nodes";
 * import assert from "node:assert/strict";
 *
 * const output = editFields({
 *   parameters: { values: { greeting: "Hello, {{name}}!" }, keepOnlySet: false },
 *   input: { name: "Ada" },
 * });
 * assert.deepEqual({ ...output }, { name: "Ada", greeting: "Hello, Ada!" });
 * ```
 */
export function editFields(input: FlowTaskInput): Record<string, unknown> {
  const values = valuesOf(input.parameters.values);
  const source = input.input;
  const output: Record<string, unknown> = Object.create(null);
  if (input.parameters.keepOnlySet !== true && isRecord(source)) {
    for (const key of Object.keys(source)) output[key] = source[key];
  }
  const now = new Date().toISOString();
  for (const key of Object.keys(values)) {
    const value = values[key];
    output[key] = typeof value === "string" ? renderTemplate(value, source, now) : value;
  }
  return output;
}

function valuesOf(values: unknown): Record<string, unknown> {
  if (values === undefined) return {};
  let parsed = values;
  if (typeof values === "string") {
    try {
      parsed = JSON.parse(values);
    } catch (error) {
      throw invalidValues(`a string that is not JSON (${(error as Error).message})`);
    }
  }
  if (!isRecord(parsed)) {
    throw invalidValues(
      Array.isArray(parsed) ? "a list" : parsed === null ? "null" : typeof parsed,
    );
  }
  return parsed;
}

function invalidValues(got: string): ConductorError {
  return new ConductorError(
    "INVALID_PARAMETER",
    `edit-fields: "values" must be an object of fields (or a JSON string of one), got ${got}.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !ArrayBuffer.isView(value);
}
