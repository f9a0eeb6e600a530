/**
 * An orchestrator of its own process for the Redis resume test:
 * `redis_orchestrator.ts '<job as JSON>'` starts a run (`blueprint` given) or
 * resumes it, with `redisExecutor`, `RedisStorageClient` and `redisLease`, all
 * on `redis`. It prints every event of the run as one JSON line, then
 * `{ "result": ... }`, or `{ "error": { code, message } }` when the run could
 * not start (RUN_ACTIVE: another live orchestrator holds the lease).
 *
 * @module
 */
import { type BlueprintRun, resumeRun, runBlueprint } from "@atomiton/conductor";
import { redisExecutor, redisLease } from "@atomiton/conductor/redis";
import { RedisStorageClient } from "@atomiton/storage/redis";

/** What one orchestrator process does. */
export interface RedisJob {
  readonly redis: string;
  readonly runId: string;
  readonly holder: string;
  readonly leaseTtl: number;
  /** Start the run from this blueprint; absent: resume it. */
  readonly blueprint?: unknown;
}

const job: RedisJob = JSON.parse(Deno.args[0]!);
const print = (value: unknown): Promise<number> =>
  Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(value)}\n`));

const storage = new RedisStorageClient({ url: job.redis });
const lease = redisLease(job.redis);
const executor = redisExecutor({ redis: job.redis });
const options = {
  storage,
  lease,
  executor,
  holder: job.holder,
  leaseTtl: job.leaseTtl,
};
const run: BlueprintRun = job.blueprint === undefined
  ? resumeRun(job.runId, options)
  : runBlueprint(job.blueprint as Parameters<typeof runBlueprint>[0], {
    ...options,
    runId: job.runId,
  });
try {
  for await (const event of run) await print({ type: event.type, data: event.data });
  const result = await run.result;
  await print({
    result: { status: result.status, outputs: [...result.outputs], error: result.error },
  });
} catch (error) {
  const { code, message } = error as { code?: string; message?: string };
  await print({ error: { code, message } });
  Deno.exitCode = 3;
} finally {
  await executor.close();
  await lease.close();
  await storage.close();
}
