import { ExecutionError } from "./execution_error.ts";

/**
 * Returns `value` if it is a number from `min` to `max` (an integer, or
 * Infinity when `max` is, where `integer` is set); else throws `INVALID_OPTION`.
 */
export function checkNumber(
  name: string,
  value: number,
  min: number,
  max = 2147483647,
  integer = false,
): number {
  if (
    typeof value !== "number" || !(value >= min && value <= max) ||
    (integer && value % 1 !== 0 && value !== Infinity)
  ) {
    throw new ExecutionError(
      "INVALID_OPTION",
      `Invalid ${name} ${value}: expected ${
        integer ? "an integer" : "a number"
      } from ${min} to ${max}.`,
    );
  }
  return value;
}

/** Reports an error without throwing: `reportError` where the runtime has it, else the console. */
export function report(error: unknown): void {
  if (typeof reportError === "function") reportError(error);
  // deno-lint-ignore no-console
  else console.error(error);
}

/** Lets the process exit while this timer is pending (Deno and Node.js; browsers never wait). */
export function unrefTimer(timer: unknown): void {
  const deno = (globalThis as { Deno?: { unrefTimer(id: number): void } }).Deno;
  if (deno) deno.unrefTimer(timer as number);
  else (timer as { unref?: () => void }).unref?.();
}
