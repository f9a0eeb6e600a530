// A clock the test moves: Date.now, which every client here reads for expiry, returns
// `clock.now` while `fn` runs. Expiry is then decided by the test, never by the scheduler.

/** The time `Date.now()` returns inside {@linkcode withClock}. */
export interface Clock {
  now: number;
}

/** Runs `fn` with `Date.now` replaced by a clock starting at the real time. */
export async function withClock<T>(fn: (clock: Clock) => Promise<T>): Promise<T> {
  const realNow = Date.now;
  const clock = { now: realNow() };
  Date.now = () => clock.now;
  try {
    return await fn(clock);
  } finally {
    Date.now = realNow;
  }
}
