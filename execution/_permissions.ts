import { ExecutionError } from "./execution_error.ts";
import type { WorkerPermissions } from "./worker.ts";

const KINDS = ["read", "write", "net", "env"];

/**
 * Returns a frozen copy of a `permissions` option, or throws `INVALID_OPTION`.
 * A value may not hold a comma: Deno splits its `--allow-*` lists on commas, so
 * `"/tmp/a,/"` would grant `/`.
 */
export function checkPermissions(permissions: WorkerPermissions): WorkerPermissions {
  if (permissions === null || typeof permissions !== "object" || Array.isArray(permissions)) {
    throw invalid(`permissions ${String(permissions)}: expected an object`);
  }
  const copy: Record<string, readonly string[]> = {};
  for (const [kind, list] of Object.entries(permissions)) {
    if (!KINDS.includes(kind)) throw invalid(`permission "${kind}"`);
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw invalid(`permissions.${kind}: expected a list of strings`);
    for (const value of list) {
      if (typeof value !== "string" || value === "" || value.includes(",")) {
        throw invalid(
          `permissions.${kind} value ${JSON.stringify(value)}: expected a non-empty string ` +
            "without a comma",
        );
      }
    }
    copy[kind] = Object.freeze([...list]);
  }
  return Object.freeze(copy);
}

function invalid(what: string): ExecutionError {
  return new ExecutionError(
    "INVALID_OPTION",
    `Invalid ${what}. Allowed: { read?, write?, net?, env? }, each a list of Deno --allow-* values.`,
  );
}
