import { ExecutionError } from "./execution_error.ts";
import type { WorkerPermissions } from "./worker.ts";

/**
 * Returns a copy of a `permissions` option, or throws `INVALID_OPTION`. A value
 * may not hold a comma: Deno splits its `--allow-*` lists on commas, so
 * `"/tmp/a,/"` would grant `/`.
 */
export function checkPermissions(permissions: WorkerPermissions): WorkerPermissions {
  const copy: Record<string, string[]> = {};
  const fields: [string, unknown][] =
    permissions && typeof permissions === "object" && !Array.isArray(permissions)
      ? Object.entries(permissions)
      : [["", permissions]];
  for (const [kind, list] of fields) {
    if (list === undefined) continue;
    if (
      !/^(read|write|net|env)$/.test(kind) || !Array.isArray(list) ||
      !list.every((value) => typeof value === "string" && /^[^,]+$/.test(value))
    ) {
      throw new ExecutionError(
        "INVALID_OPTION",
        `Invalid permissions${kind && "."}${kind} ${JSON.stringify(list)}: expected ` +
          "{ read?, write?, net?, env? }, lists of strings without commas.",
      );
    }
    copy[kind] = [...list];
  }
  return copy;
}
