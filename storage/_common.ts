import { StorageError } from "./storage_error.ts";

/** The error every call on a closed client rejects with. */
export function closedError(name: string): StorageError {
  return new StorageError("CLOSED", `The ${name} is closed.`);
}

/** True when an expiry time (0 for never) has passed. */
export function expired(expires: number, now: number = Date.now()): boolean {
  return expires !== 0 && expires <= now;
}

/** Wraps a backend's error, keeping our own errors as they are. */
export function backendError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError("BACKEND", `${doing} failed: ${reason}`, { cause: error });
}
