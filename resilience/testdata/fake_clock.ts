import type { Clock } from "../clock.ts";

interface Timer {
  at: number;
  fire(): void;
}

/**
 * A clock for tests. Time moves only by `tick()`, or, when `auto` is set, by
 * each `sleep()`, which then resolves at once. Every sleep is recorded.
 */
export class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  readonly #timers = new Set<Timer>();

  constructor(readonly auto = false) {}

  now(): number {
    return this.time;
  }

  /** Timers still waiting: a test that ends with some has leaked them. */
  get pending(): number {
    return this.#timers.size;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.auto) {
      this.time += ms;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const abort = (): void => {
        this.#timers.delete(timer);
        reject(signal!.reason);
      };
      const timer: Timer = {
        at: this.time + ms,
        fire: () => {
          signal?.removeEventListener("abort", abort);
          resolve();
        },
      };
      this.#timers.add(timer);
      signal?.addEventListener("abort", abort);
    });
  }

  /** Moves time on by `ms`, firing due timers in order and letting their callbacks run. */
  async tick(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.#timers) {
        if (timer.at <= end && (!next || timer.at < next.at)) next = timer;
      }
      if (!next) break;
      this.#timers.delete(next);
      this.time = next.at;
      next.fire();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

/** Lets pending promise callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
