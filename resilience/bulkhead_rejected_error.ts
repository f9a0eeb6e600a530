import { ResilienceError } from "./resilience_error.ts";

/**
 * Thrown by {@linkcode Bulkhead.execute} when every slot is busy and the queue
 * is full. Code `BULKHEAD_REJECTED`. The work was not called.
 *
 * @example Shed load when the bulkhead is full
 * ```ts
 * import { Bulkhead, BulkheadRejectedError } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const bulkhead = new Bulkhead({ maxConcurrent: 1 });
 * const running = bulkhead.execute(() => new Promise((r) => setTimeout(r, 1)));
 * const error = await bulkhead.execute(() => "never called").catch((e) => e);
 * assert.ok(error instanceof BulkheadRejectedError);
 * assert.equal(error.code, "BULKHEAD_REJECTED");
 * await running;
 * ```
 */
export class BulkheadRejectedError extends ResilienceError {
  /**
   * Creates the error for a call the bulkhead refused.
   *
   * @param maxConcurrent The bulkhead's limit of running calls.
   * @param maxQueued The bulkhead's limit of waiting calls.
   */
  constructor(maxConcurrent: number, maxQueued: number) {
    super(
      "BULKHEAD_REJECTED",
      `The bulkhead is full: ${maxConcurrent} running and ${maxQueued} queued.`,
    );
    this.name = "BulkheadRejectedError";
  }
}
