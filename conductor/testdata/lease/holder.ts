/**
 * A process that holds a run's lease for the takeover test (engine_takeover_test.ts):
 * `holder.ts '<job as JSON>'` starts a one-node run whose task waits for ever, on
 * `FileSystemClient` storage, with the default lease holder and the lease of the job
 * (the storage's, or Redis's), then prints `{ "holder": ... }` once the node runs.
 * The test kills it with SIGKILL.
 *
 * @module
 */
import { getRun, inThreadExecutor, runBlueprint } from "@atomiton/conductor";
import { redisLease } from "@atomiton/conductor/redis";
import { FileSystemClient } from "@atomiton/storage/fs";
import { takeoverBlueprint } from "./blueprint.ts";

/** What the process does. */
export interface HolderJob {
  readonly storage: string;
  readonly runId: string;
  readonly leaseTtl: number;
  /** A Redis URL: the lease is `redisLease` there; absent: the storage's lease. */
  readonly redis?: string | undefined;
}

const job: HolderJob = JSON.parse(Deno.args[0]!);
// The task waits until the run is cancelled: in this process, for ever.
(globalThis as { holdTasks?: boolean }).holdTasks = true;
const storage = new FileSystemClient({ directory: job.storage });
const run = runBlueprint(takeoverBlueprint, {
  storage,
  executor: inThreadExecutor(),
  runId: job.runId,
  leaseTtl: job.leaseTtl,
  ...(job.redis === undefined ? {} : { lease: redisLease(job.redis) }),
});
for await (const event of run) {
  if ((event.data as { status?: string }).status !== "running") continue;
  const holder = (await getRun(storage, job.runId))?.holder;
  await Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify({ holder })}\n`));
}
