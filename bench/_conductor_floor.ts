// deno-lint-ignore-file no-console
/**
 * The physical floor under bench/conductor_compare.ts's Redis chain: what one
 * round trip to the server costs, what one durable record write costs, and how
 * many sequential round trips a chain link needs in each design, so the printed
 * ratio against BullMQ shows what limits it.
 *
 * Round trips per link were counted with `redis-cli MONITOR` and `INFO
 * commandstats` on a 200-node chain:
 * - the conductor: the node's `running` record (SET), its dispatch (XADD, read by
 *   the worker's blocking XREADGROUP), its answer (one EVAL that pushes the answer
 *   and acknowledges the task, read by the caller's blocking BLPOP), its
 *   `completed` record (SET): 4, each waiting for the one before (the durability
 *   rule orders them), and two process hops more (the worker process and its thread);
 * - BullMQ: the job reads its child's value (HGETALL) and completes with one Lua
 *   call (moveToFinished) that also hands the worker its next job: 2, in one process.
 *
 * @module
 */
import { connectRedis } from "@atomiton/events/redis";
import type { StorageClient } from "@atomiton/storage";

/** Sequential round trips per chain link in each design (see the module doc). */
export const ROUND_TRIPS = { conductor: 4, bullmq: 2 } as const;

/** What one round trip and one record write cost on this server, in ms (medians). */
export interface RedisFloor {
  readonly pingMs: number;
  readonly recordMs: number;
}

async function medianMs(times: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/**
 * Measures a PING's round trip and a node record's write through `storage`.
 *
 * @param url The server.
 * @param storage The records' storage (a `RedisStorageClient`).
 * @returns The medians of 500 each.
 */
export async function measureFloor(url: string, storage: StorageClient): Promise<RedisFloor> {
  const redis = connectRedis(url);
  try {
    const pingMs = await medianMs(500, () => redis.call("PING", []));
    const record = { nodeId: "link-1", status: "completed", attempts: 1, output: 2 };
    const recordMs = await medianMs(500, (i) => storage.set(`floor/${i % 50}`, record));
    await storage.clear("floor/");
    return { pingMs, recordMs };
  } finally {
    redis.disconnect();
  }
}

/** ms per node of a rate in nodes a second. */
export function msPer(opsPerSecond: number): number {
  return 1000 / opsPerSecond;
}

/**
 * Prints the floor beside the ratios: round trips and their cost, the least a
 * conductor node can cost on this design (a raw RedisPool task and two record
 * writes, the engine's own work left out), and whether the goal is within reach.
 *
 * @param floor The measured round trip and record write.
 * @param ms ms per node: the conductor on Redis, the raw RedisPool, BullMQ's fastest.
 * @param goal The goal, as a multiple of BullMQ's rate.
 */
export function printFloor(
  floor: RedisFloor,
  ms: { readonly conductor: number; readonly rawPool: number; readonly bullmq: number },
  goal: number,
): void {
  const { pingMs, recordMs } = floor;
  const f = (value: number): string => value.toFixed(3);
  const least = ms.rawPool + 2 * recordMs;
  const byRoundTrips = ROUND_TRIPS.bullmq / ROUND_TRIPS.conductor;
  const needed = ms.bullmq / goal;
  console.log("  what limits the ratio (medians on this machine):");
  console.log(`    Redis round trip (PING)            ${f(pingMs)} ms`);
  console.log(`    one node record (storage.set)      ${f(recordMs)} ms`);
  console.log(
    `    round trips per node, in sequence: conductor ${ROUND_TRIPS.conductor} (running record, ` +
      `dispatch, answer, completed record), BullMQ ${ROUND_TRIPS.bullmq} (child's value, one ` +
      `Lua call that completes the job and takes the next)`,
  );
  console.log(
    `    round trips alone: conductor ${f(ROUND_TRIPS.conductor * pingMs)} ms, BullMQ ` +
      `${f(ROUND_TRIPS.bullmq * pingMs)} ms a node: at most ${byRoundTrips.toFixed(2)}x if both ` +
      "were bound by round trips",
  );
  console.log(
    `    measured per node: conductor ${f(ms.conductor)} ms, raw RedisPool task ` +
      `${f(ms.rawPool)} ms, BullMQ ${f(ms.bullmq)} ms`,
  );
  console.log(
    `    least a durable node costs here (raw task + 2 records, no engine work): ${f(least)} ms ` +
      `= ${(ms.bullmq / least).toFixed(2)}x BullMQ's rate; ${goal}x needs <= ${f(needed)} ms`,
  );
  if (least > needed) {
    console.log(
      `    => ${goal}x BullMQ is out of reach without giving up durability: a task's dispatch ` +
        `and answer (${f(ms.rawPool)} ms) and the two records the durability rule puts in ` +
        `sequence with it (${f(2 * recordMs)} ms) cost more than ${f(needed)} ms before the ` +
        "engine does anything",
    );
  }
}
