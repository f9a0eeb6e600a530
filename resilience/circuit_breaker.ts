import { check } from "./_check.ts";
import { context, report } from "./_common.ts";
import { BrokenCircuitError } from "./broken_circuit_error.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { Backoff } from "./exponential_backoff.ts";
import type { ExecuteOptions, Policy, PolicyContext } from "./policy.ts";

/**
 * A circuit's state. `closed`: calls go through. `open`: calls are refused.
 * `half-open`: a few trial calls go through to see whether the service is back.
 * `isolated`: held open by hand with {@linkcode CircuitBreaker.isolate}.
 */
export type CircuitState = "closed" | "open" | "half-open" | "isolated";

/** Opens the circuit when too many calls fail within a sliding time window. */
export interface FailureRateOptions {
  /** The share of failed calls, from 0 to 1, at which the circuit opens. */
  readonly threshold: number;
  /** The window's length, in ms, 1 or more. Default `10000`. */
  readonly window?: number | undefined;
  /** The fewest calls in the window before the rate counts: an integer, 1 or more. Default `10`. */
  readonly minimumCalls?: number | undefined;
}

/** Options for a {@linkcode CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /**
   * Opens the circuit after this many failures in a row: an integer, 1 or more,
   * or Infinity. Default `5`, or Infinity when `failureRate` is set.
   */
  readonly consecutiveFailures?: number | undefined;
  /** Opens the circuit when the failure rate in a sliding window reaches a threshold. */
  readonly failureRate?: FailureRateOptions | undefined;
  /**
   * How long the circuit stays open before it half-opens, in ms; or a
   * {@linkcode Backoff} given how many times it opened in a row, such as
   * {@linkcode exponentialBackoff}. Default `30000`.
   */
  readonly halfOpenAfter?: number | Backoff | undefined;
  /** How many trial calls a half-open circuit lets through: an integer, 1 or more. Default `1`. */
  readonly halfOpenCalls?: number | undefined;
  /**
   * Whether an error counts as a failure; one that does not counts as a success
   * (the service answered). Default: every error counts.
   */
  readonly isFailure?: ((error: unknown) => boolean) | undefined;
  /** The clock to time with; a fake one makes tests fast. Default {@linkcode systemClock}. */
  readonly clock?: Clock | undefined;
}

/** A circuit breaker's tallies since it was created. */
export interface CircuitBreakerCounts {
  /** Calls that succeeded (or failed with an error `isFailure` ignores). */
  readonly successes: number;
  /** Calls that failed. */
  readonly failures: number;
  /** Calls refused with {@linkcode BrokenCircuitError}. */
  readonly rejections: number;
  /** Failures in a row, now. */
  readonly consecutiveFailures: number;
}

/** Called when a circuit changes state. */
export type CircuitStateListener = (state: CircuitState, previous: CircuitState) => void;

/**
 * Stops calling a failing service for a while, so it can recover and callers
 * fail fast instead of waiting on it.
 *
 * The circuit opens after `consecutiveFailures` failures in a row, or when the
 * failure rate over a sliding window reaches `failureRate.threshold` (once the
 * window holds `failureRate.minimumCalls` calls). An open circuit refuses calls
 * at once with {@linkcode BrokenCircuitError}. After `halfOpenAfter` it
 * half-opens: `halfOpenCalls` trial calls go through, and the first success
 * closes it while a failure opens it again. No timer runs: the state is worked
 * out from the clock when read or called.
 *
 * Calls whose signal aborted do not count either way.
 *
 * @example Open after 2 failures in a row
 * ```ts
 * import { BrokenCircuitError, CircuitBreaker } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const breaker = new CircuitBreaker({ consecutiveFailures: 2, halfOpenAfter: 10_000 });
 * const changes: string[] = [];
 * breaker.onStateChange((state) => changes.push(state));
 * const down = (): never => {
 *   throw new Error("down");
 * };
 * await assert.rejects(breaker.execute(down), { message: "down" });
 * await assert.rejects(breaker.execute(down), { message: "down" });
 * await assert.rejects(breaker.execute(down), BrokenCircuitError);
 * assert.equal(breaker.state, "open");
 * assert.deepEqual(changes, ["open"]);
 * assert.equal(breaker.counts.rejections, 1);
 * ```
 */
export class CircuitBreaker implements Policy {
  #state: CircuitState = "closed";
  // Bumped on every change of state, so that a call started before it cannot act after it.
  #epoch = 0;
  #trials = 0;
  #opens = 0;
  #halfOpenAt = 0;
  #isolations = 0;
  #successes = 0;
  #failures = 0;
  #rejections = 0;
  #consecutive = 0;
  // [bucket, calls, failures] for each of 10 buckets of the failure-rate window.
  #window: number[] = [];
  readonly #listeners = new Set<CircuitStateListener>();
  readonly #threshold: number;
  readonly #rate: number;
  readonly #bucket: number;
  readonly #minimum: number;
  readonly #halfOpenAfter: Backoff;
  readonly #halfOpenCalls: number;
  readonly #isFailure: ((error: unknown) => boolean) | undefined;
  readonly #clock: Clock;

  /**
   * Creates a closed circuit breaker.
   *
   * @param options When to open, when to half-open, and a clock.
   * @throws {ResilienceError} `INVALID_OPTION` for a bad option.
   */
  constructor(options: CircuitBreakerOptions = {}) {
    const { failureRate: rate, halfOpenAfter: after = 30000 } = options;
    this.#threshold = check(
      "consecutiveFailures",
      options.consecutiveFailures ?? (rate ? Infinity : 5),
      1,
      Infinity,
      true,
    );
    this.#rate = rate ? check("failureRate.threshold", rate.threshold, 0, 1) : 2;
    this.#bucket = check("failureRate.window", rate?.window ?? 10000, 1) / 10;
    this.#minimum = check("failureRate.minimumCalls", rate?.minimumCalls ?? 10, 1, Infinity, true);
    this.#halfOpenAfter = typeof after === "function"
      ? after
      : (check("halfOpenAfter", after, 0), () => after);
    this.#halfOpenCalls = check("halfOpenCalls", options.halfOpenCalls ?? 1, 1, Infinity, true);
    this.#isFailure = options.isFailure;
    this.#clock = options.clock ?? systemClock;
  }

  /** The circuit's state now; an open circuit whose wait is over reads `"half-open"`. */
  get state(): CircuitState {
    this.#tick();
    return this.#state;
  }

  /** The tallies of calls since the breaker was created. */
  get counts(): CircuitBreakerCounts {
    return {
      successes: this.#successes,
      failures: this.#failures,
      rejections: this.#rejections,
      consecutiveFailures: this.#consecutive,
    };
  }

  /**
   * Runs `fn` if the circuit lets it, and counts how it ends.
   *
   * @typeParam T The result of `fn`.
   * @param fn The work; it gets a context with the caller's signal.
   * @param options An abort signal for this call.
   * @returns The work's result.
   * @throws {BrokenCircuitError} When the circuit refuses the call.
   *
   * @example Call through the breaker
   * ```ts
   * import { CircuitBreaker } from "@atomiton/resilience";
   * import assert from "node:assert/strict";
   *
   * const breaker = new CircuitBreaker();
   * assert.equal(await breaker.execute(() => 42), 42);
   * assert.equal(breaker.counts.successes, 1);
   * ```
   */
  async execute<T>(
    fn: (context: PolicyContext) => Promise<T> | T,
    options?: ExecuteOptions,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    if (this.#state !== "closed") {
      this.#tick();
      if (this.#state !== "half-open" || this.#trials >= this.#halfOpenCalls) {
        this.#rejections++;
        throw new BrokenCircuitError(this.#state);
      }
      this.#trials++;
    }
    const epoch = this.#epoch;
    try {
      const value = await fn(context(signal));
      this.#settle(epoch, true);
      return value;
    } catch (error) {
      this.#settle(epoch, signal?.aborted ? undefined : !(this.#isFailure?.(error) ?? true));
      throw error;
    }
  }

  /**
   * Holds the circuit open until every returned release function is called;
   * then it closes. Use it to take a service out of rotation by hand.
   *
   * @returns A function that releases this hold; calling it again does nothing.
   *
   * @example Take a service out for maintenance
   * ```ts
   * import { CircuitBreaker } from "@atomiton/resilience";
   * import assert from "node:assert/strict";
   *
   * const breaker = new CircuitBreaker();
   * const release = breaker.isolate();
   * assert.equal(breaker.state, "isolated");
   * release();
   * assert.equal(breaker.state, "closed");
   * ```
   */
  isolate(): () => void {
    if (!this.#isolations++) this.#to("isolated");
    let held = true;
    return () => {
      if (held && !(held = false, --this.#isolations)) this.#to("closed");
    };
  }

  /**
   * Calls `listener` on every change of state. A listener that throws is
   * reported (with `reportError`) and does not affect the call.
   *
   * @param listener Gets the new state and the previous one.
   * @returns A function that removes the listener.
   *
   * @example Log changes of state
   * ```ts
   * import { CircuitBreaker } from "@atomiton/resilience";
   * import assert from "node:assert/strict";
   *
   * const breaker = new CircuitBreaker();
   * const seen: string[] = [];
   * const stop = breaker.onStateChange((state, previous) => seen.push(`${previous}->${state}`));
   * breaker.isolate()();
   * stop();
   * assert.deepEqual(seen, ["closed->isolated", "isolated->closed"]);
   * ```
   */
  onStateChange(listener: CircuitStateListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #tick(): void {
    if (this.#state === "open" && this.#clock.now() >= this.#halfOpenAt) {
      this.#to("half-open");
    }
  }

  // ok: true for a success, false for a failure, undefined for a call that does not count.
  #settle(epoch: number, ok: boolean | undefined): void {
    if (ok) this.#successes++;
    else if (ok === false) this.#failures++;
    if (epoch !== this.#epoch) return;
    if (this.#state === "half-open") {
      if (ok === undefined) this.#trials--;
      else this.#to(ok ? "closed" : "open");
    } else if (ok !== undefined) {
      this.#consecutive = ok ? 0 : this.#consecutive + 1;
      if (this.#record(!ok) || this.#consecutive >= this.#threshold) this.#to("open");
    }
  }

  // Adds a call to the failure-rate window; returns whether the rate now opens the circuit.
  #record(failed: boolean): boolean {
    if (this.#rate > 1) return false;
    const w = this.#window;
    const now = Math.floor(this.#clock.now() / this.#bucket);
    const i = (now % 10) * 3;
    if (w[i] !== now) {
      w[i] = now;
      w[i + 1] = w[i + 2] = 0;
    }
    w[i + 1]!++;
    if (!failed) return false;
    w[i + 2]!++;
    let calls = 0, failures = 0;
    for (let j = 0; j < 30; j += 3) {
      if (w[j]! > now - 10) calls += w[j + 1]!, failures += w[j + 2]!;
    }
    return calls >= this.#minimum && failures / calls >= this.#rate;
  }

  #to(state: CircuitState): void {
    const previous = this.#state;
    this.#state = state;
    this.#epoch++;
    this.#trials = 0;
    if (state === "open") {
      this.#halfOpenAt = this.#clock.now() + this.#halfOpenAfter(++this.#opens);
    } else if (state === "closed") {
      this.#opens = this.#consecutive = 0;
      this.#window = [];
    }
    for (const listener of this.#listeners) {
      try {
        listener(state, previous);
      } catch (error) {
        report(error);
      }
    }
  }
}
