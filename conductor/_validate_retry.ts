import { suggest } from "./_suggest.ts";
import { isObject, type Json, quote, show } from "./_validate_common.ts";
import type { NodeRetryPolicy } from "./validate_blueprint.ts";

/** The most attempts a node may ask for: more is a loop, not a retry. */
export const MAX_ATTEMPTS = 100;
/** The longest delay a timer can wait, in ms. */
const MAX_DELAY = 2147483647;

interface Field {
  readonly check: (value: number) => boolean;
  readonly allowed: string;
}

const FIELDS: ReadonlyMap<string, Field> = new Map([
  ["maxAttempts", {
    check: (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_ATTEMPTS,
    allowed: `a whole number from 1 to ${MAX_ATTEMPTS}`,
  }],
  ["minDelay", {
    check: (n: number) => n >= 0 && n <= MAX_DELAY,
    allowed: `a number of ms from 0 to ${MAX_DELAY}`,
  }],
  ["maxDelay", {
    check: (n: number) => n >= 0 && n <= MAX_DELAY,
    allowed: `a number of ms from 0 to ${MAX_DELAY}`,
  }],
  ["multiplier", {
    check: (n: number) => n >= 1 && Number.isFinite(n),
    allowed: "a finite number, 1 or more",
  }],
  ["jitter", { check: (n: number) => n >= 0 && n <= 1, allowed: "a number from 0 to 1" }],
]);

const SHAPE = `{ ${[...FIELDS.keys()].map(quote).join(", ")} }, each optional`;

/**
 * Checks a node's `data.retry`; pushes each problem (field, value, what is
 * allowed) and returns the policy, copied field by field, when there is none.
 */
export function checkRetry(retry: unknown, problems: string[]): NodeRetryPolicy | undefined {
  if (!isObject(retry)) {
    problems.push(`"data.retry" must be an object ${SHAPE}, got ${show(retry)}`);
    return undefined;
  }
  const before = problems.length;
  const policy: Json = {};
  for (const key of Object.keys(retry)) {
    const field = FIELDS.get(key);
    const value = retry[key];
    if (field === undefined) {
      const close = suggest(key, FIELDS.keys());
      problems.push(
        `"data.retry" has no field ${quote(key)}${
          close ? ` (did you mean ${quote(close)}?)` : ""
        }; it takes ${SHAPE}`,
      );
    } else if (typeof value !== "number" || !field.check(value)) {
      problems.push(`"data.retry.${key}" must be ${field.allowed}, got ${show(value)}`);
    } else policy[key] = value;
  }
  const { minDelay, maxDelay } = policy as NodeRetryPolicy;
  if (minDelay !== undefined && maxDelay !== undefined && maxDelay < minDelay) {
    problems.push(
      `"data.retry.maxDelay" (${maxDelay}) must be at least "minDelay" (${minDelay})`,
    );
  }
  return problems.length === before ? policy : undefined;
}
