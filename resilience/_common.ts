import type { PolicyContext } from "./policy.ts";

/** A signal that never aborts, for calls made without one (no allocation per call). */
export const NEVER: AbortSignal = new AbortController().signal;

/** The context handed to work run without a signal. */
export const NEVER_CTX: PolicyContext = { signal: NEVER };

/** Returns the context for work run with `signal`, sharing one object when there is none. */
export function context(signal: AbortSignal | undefined): PolicyContext {
  return signal ? { signal } : NEVER_CTX;
}

/** Does nothing; for ignored rejections and no cleanup. */
export function noop(): void {}

/** Reports an error without throwing: `reportError` where the runtime has it, else the console. */
export function report(error: unknown): void {
  if (typeof reportError === "function") reportError(error);
  // deno-lint-ignore no-console
  else console.error(error);
}

/**
 * Creates a promise that `start` settles, or that rejects with `signal.reason`
 * as soon as the signal aborts. The function `start` may return runs once
 * either way (given the abort reason when the signal settled it), so timers
 * and listeners never outlive the promise, even when `start` settles it at once.
 */
export function guard<T>(
  signal: AbortSignal | undefined,
  start: (
    resolve: (value: T) => void,
    reject: (error: unknown) => void,
  ) => ((reason?: unknown) => void) | void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // Not const: `start` may settle before it returns, while `cleanup` is still unset.
    // deno-lint-ignore prefer-const
    let cleanup: ((reason?: unknown) => void) | void;
    let done = 0;
    const settle = (ok: boolean, value: unknown, reason?: unknown): void => {
      if (done++) return;
      signal?.removeEventListener("abort", abort);
      cleanup?.(reason);
      (ok ? resolve : reject)(value as T);
    };
    const abort = (): void => settle(false, signal!.reason, signal!.reason);
    signal?.addEventListener("abort", abort);
    cleanup = start((value) => settle(true, value), (error) => settle(false, error));
    if (done) cleanup?.(); // settled by start itself
  });
}

/** Waits `ms` without checking it; rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return guard(signal, (resolve) => {
    const id = setTimeout(resolve, ms);
    return () => clearTimeout(id);
  });
}
