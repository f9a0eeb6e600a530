/**
 * The BullMQ side of bench/conductor_compare.ts (Node only): a chain of jobs as
 * one `FlowProducer` flow on one queue. BullMQ runs a flow's children before
 * their parent, so a chain of N is a nested tree N deep whose leaf is the
 * first link; each job reads its child's value (`job.getChildrenValues()`,
 * which is how a flow hands data along) and returns it plus one.
 *
 * @module
 */
import { type FlowJob, FlowProducer, type Job, Worker } from "bullmq";

/** A chain ready to run again and again on its own queue. */
export interface BullmqChain {
  /** Adds the flow and resolves with the root's value once the root job completed. */
  run(): Promise<number>;
  close(): Promise<void>;
}

/** How the BullMQ worker runs a job: on its main thread, or in a worker thread (sandboxed). */
export type BullmqProcessor = "inline" | { readonly sandboxFile: string };

async function link(job: Job): Promise<number> {
  const [previous] = Object.values(await job.getChildrenValues()) as number[];
  return (previous ?? 0) + 1;
}

/** The flow of a chain `length` jobs long: the root is the last link. */
export function chainFlow(queueName: string, length: number): FlowJob {
  let node: FlowJob = { name: "link-1", queueName, data: {} };
  for (let i = 2; i <= length; i++) {
    node = { name: `link-${i}`, queueName, data: {}, children: [node] };
  }
  return node;
}

/**
 * One `Worker` (concurrency 1) and one `FlowProducer` on `url`, both in this process.
 *
 * @param url The Redis server.
 * @param queueName A queue of its own.
 * @param length Links in the chain.
 * @param processor Where jobs run.
 * @returns The chain.
 */
export async function bullmqChain(
  url: string,
  queueName: string,
  length: number,
  processor: BullmqProcessor,
): Promise<BullmqChain> {
  const { hostname, port } = new URL(url);
  const connection = { host: hostname, port: Number(port), maxRetriesPerRequest: null };
  const worker = processor === "inline"
    ? new Worker(queueName, link, { connection, concurrency: 1 })
    : new Worker(queueName, processor.sandboxFile, {
      connection,
      concurrency: 1,
      useWorkerThreads: true,
      // Not this process's flags: bench/run.ts gives Node --expose-gc, which a worker refuses.
      workerThreadsOptions: { execArgv: [] },
    });
  const flows = new FlowProducer({ connection });
  const waiting = new Map<string, { resolve(value: number): void; reject(e: Error): void }>();
  worker.on("completed", (job, value) => waiting.get(job.id!)?.resolve(value as number));
  // A failed link leaves its parents waiting for ever: the round fails instead of hanging.
  worker.on("failed", (job, error) => {
    for (const waiter of waiting.values()) {
      waiter.reject(new Error(`BullMQ job ${job?.name} failed: ${error.message}`));
    }
  });
  await worker.waitUntilReady();
  let round = 0;
  return {
    run: async () => {
      const flow = chainFlow(queueName, length);
      // A fresh root id per round, known before adding, so its completion cannot be missed.
      const rootId = `root-${++round}`;
      const done = new Promise<number>((resolve, reject) =>
        waiting.set(rootId, { resolve, reject })
      );
      await flows.add({ ...flow, opts: { jobId: rootId } });
      try {
        return await done;
      } finally {
        waiting.delete(rootId);
      }
    },
    close: async () => {
      await flows.close();
      await worker.close();
    },
  };
}
