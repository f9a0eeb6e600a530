import type { EventClient, SystemEvent } from "@atomiton/events";
import type { ExecutionEvents } from "@atomiton/store/events";

/** A node's state change, without the job and node ids. */
export type NodeFields = Omit<ExecutionEvents["execution:node-progress"], "jobId" | "nodeId">;

const SOURCE = "atomiton-conductor";

/**
 * A run's events: kept from the start so that any iterator, however late, gets
 * them all; forwarded to the caller's event client as they come.
 */
export class RunEvents implements AsyncIterable<SystemEvent> {
  readonly #runId: string;
  readonly #forward: EventClient<ExecutionEvents> | undefined;
  readonly #events: SystemEvent[] = [];
  #wake: (() => void)[] = [];
  #ended = false;
  #error: unknown;

  constructor(runId: string, forward?: EventClient<ExecutionEvents>) {
    this.#runId = runId;
    this.#forward = forward;
  }

  /** Emits one event of this run. */
  emit<K extends keyof ExecutionEvents>(type: K, data: ExecutionEvents[K]): void {
    if (this.#ended) return;
    this.#events.push({ type, source: SOURCE, timestamp: Date.now(), data });
    this.#notify();
    (this.#forward?.emit as ((type: string, data: unknown) => void) | undefined)?.call(
      this.#forward,
      type,
      data,
    );
  }

  /** Emits one node's state change. */
  node(nodeId: string, fields: NodeFields): void {
    this.emit("execution:node-progress", { jobId: this.#runId, nodeId, ...fields });
  }

  /** Ends the iteration after the events so far; with `error`, iterators then throw it. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const resolve of wake) resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<SystemEvent> {
    let next = 0;
    return {
      next: async (): Promise<IteratorResult<SystemEvent>> => {
        while (next >= this.#events.length && !this.#ended) {
          await new Promise<void>((resolve) => this.#wake.push(resolve));
        }
        if (next < this.#events.length) return { value: this.#events[next++]!, done: false };
        if (this.#error !== undefined) throw this.#error;
        return { value: undefined, done: true };
      },
      return: (): Promise<IteratorResult<SystemEvent>> => {
        next = Infinity;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
