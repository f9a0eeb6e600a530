/**
 * A Redis worker of its own process for the Redis resume test:
 * `redis_worker.ts <redis URL>` serves NODE_RUNNER_URL on queue "blueprints"
 * (as `atomiton worker --redis URL` does), prints `ready` once it reads the
 * queue, and serves until it is killed.
 *
 * @module
 */
import { startRedisWorker } from "@atomiton/execution/redis";
import { NODE_RUNNER_URL } from "../../node_runner.ts";

const worker = startRedisWorker({
  redis: Deno.args[0]!,
  moduleUrl: NODE_RUNNER_URL,
  queue: "blueprints",
  concurrency: 4,
});
await worker.ready;
await Deno.stdout.write(new TextEncoder().encode("ready\n"));
await worker.closed;
