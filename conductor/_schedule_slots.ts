interface Waiter {
  aborted: boolean;
  readonly resolve: (release: () => void) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal;
  readonly onAbort: () => void;
}

/**
 * The run's concurrency: every task (a node's attempt, a mapped element, in any
 * sub-blueprint) takes a slot while it runs; waiters are served first come, first served.
 */
export class Slots {
  #free: number;
  #queue: (Waiter | undefined)[] = [];
  #head = 0;

  constructor(size: number) {
    this.#free = size;
  }

  /** Waits for a slot; the returned function gives it back (once). Rejects when `signal` aborts. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        aborted: false,
        resolve,
        reject,
        signal,
        onAbort: () => {
          waiter.aborted = true;
          reject(signal.reason);
        },
      };
      signal.addEventListener("abort", waiter.onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#next();
    };
  }

  #next(): void {
    while (this.#head < this.#queue.length) {
      const waiter = this.#queue[this.#head];
      this.#queue[this.#head++] = undefined;
      if (!waiter || waiter.aborted) continue;
      waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.#releaser());
      return this.#compact();
    }
    this.#free++;
    this.#compact();
  }

  // Drops served entries once they are most of the queue: O(1) amortised per slot.
  #compact(): void {
    if (this.#head < 1024 || this.#head * 2 < this.#queue.length) return;
    this.#queue = this.#queue.slice(this.#head);
    this.#head = 0;
  }
}
