import { ExecutionError } from "@atomiton/execution";
import { RedisPool } from "@atomiton/execution/redis";
import type { RedisConnection } from "@atomiton/execution/redis";
import { ConductorError } from "./conductor_error.ts";
import type { NodeExecutor } from "./node_executor.ts";
import { closeOrTerminate } from "./_close_pool.ts";
import { redisWhere } from "./_redis_url.ts";

/** Options for {@linkcode redisExecutor}. */
export interface RedisExecutorOptions {
  /**
   * The server, a URL such as `"redis://127.0.0.1:6379"` (a connection the
   * executor opens and closes), or an ioredis connection of yours (never closed).
   */
  readonly redis: string | RedisConnection;
  /** The queue the workers serve. Default `"blueprints"`, as `atomiton worker` does. */
  readonly queue?: string | undefined;
  /** The prefix of every key. Default `"atomiton:exec"`, as `atomiton worker` uses. */
  readonly prefix?: string | undefined;
  /**
   * How long `close()` lets a cancelled node's answer take before it stops
   * waiting (it waits twice this, and 2 s more), in ms. Default `500`.
   */
  readonly gracePeriod?: number | undefined;
}

/**
 * An executor that sends each node to the workers serving a Redis queue, through a
 * `RedisPool` of `@atomiton/execution/redis`. Start workers with
 * `atomiton worker --redis URL` (or `startRedisWorker` running `NODE_RUNNER_URL`),
 * on any number of machines. A node's input and output travel as JSON; a node
 * whose worker dies goes to another worker after the visibility timeout; progress
 * (`ctx.progress`) stays on the worker. A server that refuses the URL's database or
 * password fails the node with `ConductorError` `MISCONFIGURED`.
 *
 * A node with `sandbox` set (code from a flow file, such as a transform) goes to
 * the same queue with its permissions in the request: this executor cannot
 * enforce them, the workers must. Serve such flows with sandboxed workers:
 * `startRedisWorker` with `pool: { permissions: {} }` on Deno runs every node in a
 * child `deno` process with no rights at all. A plain `atomiton worker` runs
 * nodes with its own rights (the network to Redis at least), so flow code there
 * is not sandboxed; or keep flows with code on `workerPoolExecutor()`.
 *
 * @param options The server, the queue and the grace of a cancelled node.
 * @returns The executor; `close()` waits for the answers of nodes sent, then closes
 * the connections it opened.
 * @throws {ConductorError} `INVALID_OPTION` for a URL that is not `redis://` or
 * `rediss://`, or a bad queue, prefix or grace.
 *
 * @example Send a blueprint's nodes to Redis workers
 * ```ts
 * import { redisExecutor } from "@atomiton/conductor/redis";
 * import { ConductorError } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => redisExecutor({ redis: "http://127.0.0.1:6379" }),
 *   (error) => error instanceof ConductorError && error.code === "INVALID_OPTION",
 * );
 * // With a server and `atomiton worker --redis redis://127.0.0.1:6379` running:
 * // runBlueprint(blueprint, { executor: redisExecutor({ redis: "redis://127.0.0.1:6379" }) });
 * ```
 */
export function redisExecutor(options: RedisExecutorOptions): NodeExecutor {
  const { redis, queue = "blueprints", prefix, gracePeriod = 500 } = options ?? {};
  const where = typeof redis === "string" ? redisWhere(redis, "redis") : "a Redis connection";
  if (!(Number.isFinite(gracePeriod) && gracePeriod >= 0)) {
    throw new ConductorError(
      "INVALID_OPTION",
      `Invalid gracePeriod ${String(gracePeriod)}: expected ms, 0 or more.`,
    );
  }
  const pool = openPool(redis, queue, prefix);
  let closing: Promise<void> | undefined;
  return {
    description: `${where}, queue ${JSON.stringify(queue)}`,
    run: (request, { signal, timeout }) =>
      pool.run(request, { signal, timeout }).catch((error) => {
        // A refused database or password is the setup's fault, not the node's.
        if (error instanceof ExecutionError && error.code === "MISCONFIGURED") {
          throw new ConductorError("MISCONFIGURED", error.message, { cause: error });
        }
        throw error;
      }),
    close: () => closing ??= closeOrTerminate(pool, gracePeriod),
  };
}

function openPool(
  redis: string | RedisConnection,
  queue: string,
  prefix: string | undefined,
): RedisPool {
  try {
    return new RedisPool({ redis, queue, prefix });
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    throw new ConductorError(error.code, error.message, { cause: error });
  }
}
