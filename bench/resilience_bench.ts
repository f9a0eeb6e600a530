/**
 * `@atomiton/resilience` against the peers a user would pick instead, on the
 * hot paths: a retry whose work succeeds at once, and a call through a closed
 * circuit breaker. Run: `deno bench -A bench/resilience_bench.ts`.
 */
import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  retry as cockatielRetry,
} from "cockatiel";
import CircuitBreakerOpossum from "opossum";
import pRetry from "p-retry";
import { CircuitBreaker, retry } from "../resilience/mod.ts";

const work = (): Promise<number> => Promise.resolve(1);

const cockatielRetryPolicy = cockatielRetry(handleAll, {
  maxAttempts: 3,
  backoff: new ExponentialBackoff(),
});

Deno.bench("@atomiton/resilience retry()", { group: "retry-success", baseline: true }, async () => {
  await retry(work, { maxAttempts: 3 });
});

Deno.bench("cockatiel retry().execute()", { group: "retry-success" }, async () => {
  await cockatielRetryPolicy.execute(work);
});

Deno.bench("p-retry", { group: "retry-success" }, async () => {
  await pRetry(work, { retries: 2 });
});

const breaker = new CircuitBreaker({ consecutiveFailures: 5, halfOpenAfter: 10_000 });
const cockatielBreaker = circuitBreaker(handleAll, {
  halfOpenAfter: 10_000,
  breaker: new ConsecutiveBreaker(5),
});
const opossumBreaker = new CircuitBreakerOpossum(work, { resetTimeout: 10_000, timeout: false });

Deno.bench(
  "@atomiton/resilience CircuitBreaker.execute()",
  { group: "breaker-closed", baseline: true },
  async () => {
    await breaker.execute(work);
  },
);

Deno.bench("cockatiel circuitBreaker().execute()", { group: "breaker-closed" }, async () => {
  await cockatielBreaker.execute(work);
});

Deno.bench("opossum fire()", { group: "breaker-closed" }, async () => {
  await opossumBreaker.fire();
});
