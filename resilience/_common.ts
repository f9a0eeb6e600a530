import type { PolicyContext } from "./policy.ts";

/** A signal that never aborts, for calls made without one (no allocation per call). */
export const NEVER: AbortSignal = new AbortController().signal;

/** The context handed to work run without a signal. */
export const NEVER_CTX: PolicyContext = { signal: NEVER };

/** Returns the context for work run with `signal`, sharing one object when there is none. */
export function context(signal: AbortSignal | undefined): PolicyContext {
  return signal ? { signal } : NEVER_CTX;
}

/** Reports an error without throwing: `reportError` where the runtime has it, else the console. */
export function report(error: unknown): void {
  if (typeof reportError === "function") reportError(error);
  // deno-lint-ignore no-console
  else console.error(error);
}

/** Waits `ms` without checking it; rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const abort = (): void => {
      clearTimeout(id);
      reject(signal!.reason);
    };
    const id = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
