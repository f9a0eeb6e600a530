import { ConductorError } from "./conductor_error.ts";

/** An optional whole number in [min, max], or `INVALID_OPTION` naming the option and the range. */
export function whole(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw new ConductorError(
    "INVALID_OPTION",
    `Invalid ${name} ${String(value)}: expected a whole number from ${min} to ${max}.`,
  );
}
