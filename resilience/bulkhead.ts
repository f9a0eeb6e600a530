import { check } from "./_check.ts";
import { context, guard } from "./_common.ts";
import { BulkheadRejectedError } from "./bulkhead_rejected_error.ts";
import type { ExecuteOptions, Policy, PolicyContext } from "./policy.ts";

/** Options for a {@linkcode Bulkhead}. */
export interface BulkheadOptions {
  /** How many calls may run at once: an integer, 1 or more, or Infinity. */
  readonly maxConcurrent: number;
  /** How many calls may wait for a slot: an integer, 0 or more, or Infinity. Default `0`. */
  readonly maxQueued?: number | undefined;
}

/**
 * Limits how many calls run at once, so one slow dependency cannot take every
 * connection, worker or socket.
 *
 * Up to `maxConcurrent` calls run; up to `maxQueued` more wait, first come first
 * served; any more are refused at once with {@linkcode BulkheadRejectedError}. A
 * waiting call whose signal aborts leaves the queue and rejects with the
 * signal's `reason`.
 *
 * @example Run at most 2 at once
 * ```ts
 * import { Bulkhead } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueued: 10 });
 * let running = 0, most = 0;
 * const task = async (): Promise<void> => {
 *   most = Math.max(most, ++running);
 *   await new Promise((r) => setTimeout(r, 1));
 *   running--;
 * };
 * await Promise.all(Array.from({ length: 6 }, () => bulkhead.execute(task)));
 * assert.equal(most, 2);
 * ```
 */
export class Bulkhead implements Policy {
  #running = 0;
  // A Set keeps insertion order and deletes an aborted waiter in O(1).
  readonly #queue = new Set<(value: void) => void>();
  readonly #max: number;
  readonly #maxQueued: number;

  /**
   * Creates an empty bulkhead.
   *
   * @param options The limits of running and waiting calls.
   * @throws {ResilienceError} `INVALID_OPTION` for a bad limit.
   */
  constructor(options: BulkheadOptions) {
    this.#max = check("maxConcurrent", options.maxConcurrent, 1, Infinity, true);
    this.#maxQueued = check("maxQueued", options.maxQueued ?? 0, 0, Infinity, true);
  }

  /** How many calls are running now. */
  get running(): number {
    return this.#running;
  }

  /** How many calls are waiting for a slot now. */
  get queued(): number {
    return this.#queue.size;
  }

  /**
   * Runs `fn` when a slot is free.
   *
   * @typeParam T The result of `fn`.
   * @param fn The work; it gets a context with the caller's signal.
   * @param options An abort signal, which also takes the call out of the queue.
   * @returns The work's result.
   * @throws {BulkheadRejectedError} When every slot is busy and the queue is full.
   *
   * @example Run one call
   * ```ts
   * import { Bulkhead } from "@atomiton/resilience";
   * import assert from "node:assert/strict";
   *
   * const bulkhead = new Bulkhead({ maxConcurrent: 1 });
   * assert.equal(await bulkhead.execute(() => "done"), "done");
   * ```
   */
  async execute<T>(
    fn: (context: PolicyContext) => Promise<T> | T,
    options?: ExecuteOptions,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    if (this.#running < this.#max) this.#running++;
    else if (this.#queue.size < this.#maxQueued) {
      // The slot is handed over by the call that ends, so #running does not change.
      await guard<void>(signal, (resolve) => {
        this.#queue.add(resolve);
        return () => this.#queue.delete(resolve);
      });
    } else throw new BulkheadRejectedError(this.#max, this.#maxQueued);
    try {
      return await fn(context(signal));
    } finally {
      const next = this.#queue.values().next().value;
      // Starting the next call takes it out of the queue.
      if (next) next();
      else this.#running--;
    }
  }
}
