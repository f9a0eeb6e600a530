import { ResilienceError } from "./resilience_error.ts";

/**
 * Thrown by {@linkcode CircuitBreaker.execute} when the circuit is open,
 * isolated, or half-open with every trial call taken. Code `BROKEN_CIRCUIT`.
 * The work was not called.
 *
 * @example Serve something else while the circuit is open
 * ```ts
 * import { BrokenCircuitError, CircuitBreaker } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const breaker = new CircuitBreaker();
 * const release = breaker.isolate();
 * const error = await breaker.execute(() => "never called").catch((e) => e);
 * assert.ok(error instanceof BrokenCircuitError);
 * assert.equal(error.code, "BROKEN_CIRCUIT");
 * release();
 * ```
 */
export class BrokenCircuitError extends ResilienceError {
  /**
   * Creates the error for a call the circuit refused.
   *
   * @param state The circuit's state: `"open"`, `"half-open"` or `"isolated"`.
   */
  constructor(state: string) {
    super("BROKEN_CIRCUIT", `The circuit is ${state}.`);
    this.name = "BrokenCircuitError";
  }
}
