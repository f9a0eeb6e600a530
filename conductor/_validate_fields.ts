import { suggest } from "./_suggest.ts";
import { isObject, type Json, quote, show } from "./_validate_common.ts";

/** Reports each key of `value` that is not in `known`, with a "did you mean". */
export function unknownFields(
  value: Json,
  known: readonly string[],
  field: string,
  shape: string,
  problems: string[],
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const close = suggest(key, known);
    problems.push(
      `"${field}" has no field ${quote(key)}${
        close ? ` (did you mean ${quote(close)}?)` : ""
      }; it takes ${shape}`,
    );
  }
}

const SANDBOX_FIELDS: readonly (readonly [string, string])[] = [
  ["read", "paths it may read"],
  ["write", "paths it may write"],
  ["net", "hosts it may reach, host or host:port"],
  ["env", "environment variables it may read"],
];
const SANDBOX_SHAPE = `{ ${
  SANDBOX_FIELDS.map(([name]) => quote(name)).join(", ")
} }, each optional: an array of non-empty strings (Deno's --allow-* values)`;

/** Checks `data.sandbox`: an object of optional string lists; pushes each problem. */
export function checkSandbox(sandbox: unknown, problems: string[]): void {
  if (!isObject(sandbox)) {
    problems.push(`"data.sandbox" must be an object ${SANDBOX_SHAPE}, got ${show(sandbox)}`);
    return;
  }
  const names = SANDBOX_FIELDS.map(([name]) => name);
  unknownFields(sandbox, names, "data.sandbox", SANDBOX_SHAPE, problems);
  for (const [name, what] of SANDBOX_FIELDS) {
    const list = sandbox[name];
    if (list === undefined) continue;
    const isText = (entry: unknown): boolean => typeof entry === "string" && entry !== "";
    if (Array.isArray(list) && list.every(isText)) continue;
    const got = Array.isArray(list)
      ? `an array holding ${show(list.find((entry) => !isText(entry)))}`
      : show(list);
    problems.push(
      `"data.sandbox.${name}" must be an array of non-empty strings (${what}), got ${got}`,
    );
  }
}
