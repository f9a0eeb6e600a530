import { ExecutionError } from "./execution_error.ts";
import type { LoadBreaker } from "./worker_pool.ts";

/** A clock in ms; `performance` outside tests. */
export interface Clock {
  now(): number;
}

type State = "closed" | "open" | "half-open";

/**
 * The pool's default {@linkcode LoadBreaker}: opens after 3 failed worker starts in a row, then
 * lets one start try again after 1 s, 2 s, 4 s ... up to 30 s; a start that succeeds closes it.
 * The same rules as a `CircuitBreaker` from `@atomiton/resilience` with those options, in a tenth
 * of its bytes and without its import (a pool that never fails to start pays for neither).
 */
export class StartBreaker implements LoadBreaker {
  #state: State = "closed";
  #failures = 0;
  #opens = 0;
  #retryAt = 0;
  // Bumped on every change of state: a start begun before it does not count after it.
  #epoch = 0;
  #trial = false;
  readonly #clock: Clock;

  constructor(clock: Clock = performance) {
    this.#clock = clock;
  }

  get state(): State {
    if (this.#state === "open" && this.#clock.now() >= this.#retryAt) this.#to("half-open");
    return this.#state;
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    if (this.state !== "closed") {
      if (this.#state === "open" || this.#trial) {
        throw new ExecutionError("BROKEN_CIRCUIT", `The circuit is ${this.#state}.`);
      }
      this.#trial = true;
    }
    const epoch = this.#epoch;
    try {
      const value = await fn();
      this.#settle(epoch, true);
      return value;
    } catch (error) {
      this.#settle(epoch, false);
      throw error;
    }
  }

  #settle(epoch: number, ok: boolean): void {
    if (epoch !== this.#epoch) return;
    if (this.#state === "half-open") this.#to(ok ? "closed" : "open");
    else if ((this.#failures = ok ? 0 : this.#failures + 1) >= 3) this.#to("open");
  }

  #to(state: State): void {
    this.#state = state;
    this.#epoch++;
    this.#trial = false;
    if (state === "open") {
      this.#retryAt = this.#clock.now() + Math.min(30_000, 1000 * 2 ** this.#opens++);
    } else if (state === "closed") this.#opens = this.#failures = 0;
  }
}
