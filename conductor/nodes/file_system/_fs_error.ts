import { ConductorError } from "../../conductor_error.ts";

// The runtime's error codes, as the node's: a stable code and a hint at the parameter that helps.
const CODES: ReadonlyMap<string, readonly [code: string, says: string]> = new Map([
  ["ENOENT", ["NOT_FOUND", "does not exist"]],
  ["EEXIST", ["EXISTS", "already exists (set overwrite: true to replace it)"]],
  ["ERR_FS_CP_EEXIST", ["EXISTS", "already exists (set overwrite: true to replace it)"]],
  ["ENOTDIR", ["NOT_A_FOLDER", "has a part that is not a folder"]],
  ["EISDIR", ["IS_A_FOLDER", "is a folder, not a file"]],
  ["ERR_FS_EISDIR", ["IS_A_FOLDER", "is a folder, not a file"]],
  ["ENOTEMPTY", [
    "NOT_EMPTY",
    "is a folder that is not empty (set recursive: true to delete it all)",
  ]],
  ["EACCES", ["PERMISSION_DENIED", "cannot be accessed: permission denied"]],
  ["EPERM", ["PERMISSION_DENIED", "cannot be changed: operation not permitted"]],
  ["ERR_INVALID_ARG_VALUE", ["INVALID_PATH", "is not a valid path (no NUL characters allowed)"]],
  ["ERR_FS_CP_EINVAL", ["INVALID_PATH", "cannot be copied into itself"]],
]);

/**
 * A file-system failure as a `ConductorError` with a stable code (`NOT_FOUND`,
 * `EXISTS`, `NOT_A_FOLDER`, `IS_A_FOLDER`, `NOT_EMPTY`, `PERMISSION_DENIED`,
 * `INVALID_PATH`, else `FILE_SYSTEM`) that names the operation and the path.
 */
export function fsError(error: unknown, operation: string, path: string): Error {
  if (error instanceof ConductorError) return error;
  if (error instanceof Error && error.name === "AbortError") return error;
  const raw = (error as { code?: unknown })?.code;
  const known = typeof raw === "string" ? CODES.get(raw) : undefined;
  const [code, says] = known ?? ["FILE_SYSTEM", `failed: ${(error as Error)?.message ?? error}`];
  return new ConductorError(code, `file-system ${operation}: ${JSON.stringify(path)} ${says}.`, {
    cause: error,
  });
}

/** A failure found before touching the disk: the operation, what was wrong, the path. */
export function fsRefusal(code: string, operation: string, path: string, says: string): Error {
  return new ConductorError(code, `file-system ${operation}: ${JSON.stringify(path)} ${says}.`);
}
