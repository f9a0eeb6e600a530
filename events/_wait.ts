import { delay } from "@atomiton/resilience";

/** The longest wait one timer takes (2^31 - 1 ms, about 24.8 days); runtimes refuse more. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds, however many, in timer-sized steps; the signal
 * stops the wait with its reason. `sleep` is the one-timer wait (tests count
 * the steps).
 */
export async function wait(
  ms: number,
  signal: AbortSignal | undefined,
  sleep: (ms: number, options: { signal?: AbortSignal | undefined }) => Promise<void> = delay,
): Promise<void> {
  for (let left = ms; left > 0; left -= MAX_TIMER_MS) {
    await sleep(Math.min(left, MAX_TIMER_MS), { signal });
  }
}
