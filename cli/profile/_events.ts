import { Histogram, now } from "@atomiton/platform/metrics";
import {
  measureSequential,
  type OperationResult,
  Pacer,
  type ProfileBudget,
  resultOf,
  splitBudget,
  withinBudget,
} from "./_measure.ts";
import { CliError } from "../cli_error.ts";

/** What `atomiton profile` measured of `@atomiton/events`. */
export interface EventsProfile {
  /**
   * `emit → listener` (one emit at a time, each timed), `emit → listener, batches of 1000`
   * (throughput) and `emit → async iterator` (a consumer loop). Each row's count, rate and
   * latencies come from its own phase.
   */
  readonly operations: readonly OperationResult[];
}

type Events = { tick: number };

const BATCH = 1000;

/**
 * Measures an `EventClient`: emit to one listener, each emit timed from the
 * call to the listener's first line; emits in batches with nothing timed in
 * between (each event's latency is its batch's time per event); and emit to an
 * async-iterator consumer (one event in flight at a time).
 */
export async function profileEvents(
  budget: ProfileBudget,
  signal: AbortSignal,
): Promise<EventsProfile> {
  const { EventClient } = await import("@atomiton/events");
  // A duration is shared by the three phases; iterations apply to each.
  const part = splitBudget(budget, 3);
  const events = new EventClient<Events>();
  // One phase after another: each row's figures are its own phase's alone.
  const operations = [await oneAtATime(events, part, signal)];
  operations.push(await inBatches(events, part, signal));
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

type Client = InstanceType<typeof import("@atomiton/events").EventClient<Events>>;

/** Each emit timed from just before the call to the listener's first line. */
async function oneAtATime(
  events: Client,
  budget: ProfileBudget,
  signal: AbortSignal,
): Promise<OperationResult> {
  const latency = new Histogram();
  let sentAt = 0;
  const off = events.on("tick", () => latency.record(now() - sentAt));
  const pacer = new Pacer();
  const start = now();
  try {
    while (withinBudget(budget, latency.count, start, signal)) {
      sentAt = now();
      events.emit("tick", latency.count);
      const pause = pacer.due();
      if (pause) await pause;
    }
  } finally {
    off();
  }
  return resultOf("emit → listener", latency, now() - start - pacer.paused);
}

/** Batches of emits, only the batches timed: throughput without a clock read per event. */
async function inBatches(
  events: Client,
  budget: ProfileBudget,
  signal: AbortSignal,
): Promise<OperationResult> {
  let delivered = 0;
  const off = events.on("tick", () => void delivered++);
  const latency = new Histogram();
  let emitted = 0;
  let timedMs = 0;
  const pacer = new Pacer();
  const start = now();
  try {
    while (withinBudget(budget, emitted, start, signal)) {
      const batch = budget.iterations === undefined
        ? BATCH
        : Math.min(BATCH, budget.iterations - emitted);
      const began = now();
      for (let i = 0; i < batch; i++) events.emit("tick", i);
      const batchMs = now() - began;
      timedMs += batchMs;
      emitted += batch;
      // Every event of the batch took the batch's time per event: the count is the events'.
      for (let i = 0; i < batch; i++) latency.record(batchMs / batch);
      const pause = pacer.due();
      if (pause) await pause;
    }
  } finally {
    off();
  }
  if (delivered !== emitted) {
    throw new CliError("FAILED", `EventClient delivered ${delivered} of ${emitted} events.`);
  }
  return resultOf(`emit → listener, batches of ${BATCH}`, latency, timedMs);
}
