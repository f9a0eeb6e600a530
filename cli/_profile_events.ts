import { Histogram, now } from "@atomiton/platform/metrics";
import {
  measureSequential,
  type OperationResult,
  Pacer,
  type ProfileBudget,
  resultOf,
  splitBudget,
  withinBudget,
} from "./_profile_measure.ts";
import { CliError } from "./cli_error.ts";

/** What `atomiton profile` measured of `@atomiton/events`. */
export interface EventsProfile {
  /** `emit → listener` (synchronous dispatch) and `emit → async iterator` (a consumer loop). */
  readonly operations: readonly OperationResult[];
}

type Events = { tick: number };

const BATCH = 1000;

/**
 * Measures an `EventClient`: emit to one listener (throughput from batches of
 * emits; latency from the emit call to the listener, one at a time) and
 * emit to an async-iterator consumer (one event in flight at a time).
 */
export async function profileEvents(
  budget: ProfileBudget,
  signal: AbortSignal,
): Promise<EventsProfile> {
  const { EventClient } = await import("@atomiton/events");
  // A duration is shared by the three phases; iterations apply to each.
  const part = splitBudget(budget, 3);
  const events = new EventClient<Events>();

  // Throughput: batches of emits with nothing timed in between.
  let delivered = 0;
  const off = events.on("tick", () => void delivered++);
  let emitted = 0;
  const pacer = new Pacer();
  const start = now();
  while (withinBudget(part, emitted, start, signal)) {
    const batch = part.iterations === undefined
      ? BATCH
      : Math.min(BATCH, part.iterations - emitted);
    for (let i = 0; i < batch; i++) events.emit("tick", i);
    emitted += batch;
    const pause = pacer.due();
    if (pause) await pause;
  }
  const throughputMs = now() - start - pacer.paused;
  off();
  if (delivered !== emitted) {
    throw new CliError("FAILED", `EventClient delivered ${delivered} of ${emitted} events.`);
  }

  // Latency: from just before each emit to the listener's first line.
  const latency = new Histogram();
  let sentAt = 0;
  const offTimed = events.on("tick", () => latency.record(now() - sentAt));
  const latencyStart = now();
  while (withinBudget(part, latency.count, latencyStart, signal)) {
    sentAt = now();
    events.emit("tick", latency.count);
    const pause = pacer.due();
    if (pause) await pause;
  }
  offTimed();
  const sync = resultOf("emit → listener", latency, 1);
  const operations: OperationResult[] = [{
    ...sync,
    opsPerSecond: throughputMs > 0 ? (emitted * 1000) / throughputMs : 0,
  }];

  const stream = events.events("tick");
  try {
    operations.push(
      await measureSequential(
        "emit → async iterator",
        async (i) => {
          events.emit("tick", i);
          const next = await stream.next();
          if (next.done || next.value.data !== i) {
            throw new CliError("FAILED", `The event iterator gave ${JSON.stringify(next.value)}.`);
          }
        },
        part,
        signal,
      ),
    );
  } finally {
    await stream.return();
  }
  return { operations };
}
