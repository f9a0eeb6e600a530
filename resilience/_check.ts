import { ResilienceError } from "./resilience_error.ts";

/** The longest delay a timer can take (2^31 - 1 ms, about 24.8 days). */
export const MAX_DELAY = 2147483647;

/**
 * Throws `INVALID_OPTION` unless `value` is a number from `min` to `max`
 * (an integer or Infinity when `integer` is set). NaN always fails.
 */
export function check(
  name: string,
  value: number,
  min: number,
  max: number = MAX_DELAY,
  integer?: boolean,
): number {
  if (!(value >= min && value <= max && (!integer || value % 1 === 0 || value === max))) {
    throw new ResilienceError(
      "INVALID_OPTION",
      `Invalid ${name} ${value}: expected ${
        integer ? "an integer" : "a number"
      } from ${min} to ${max}.`,
    );
  }
  return value;
}
