/**
 * Growth of `@atomiton/events` with what it holds (issue 14, items 14 and 15):
 * many handlers on one type (subscribe, unsubscribe, `off`), a full `events()`
 * buffer, and an `EventRecorder` at its limit, each at N and 4N. Linear work
 * prints a 4N/N ratio near 4.
 *
 * Run: `deno run -A bench/run.ts bench/events_growth.ts` (Deno, then Node).
 *
 * @module
 */
import { EventClient } from "@atomiton/events";
import { EventRecorder } from "@atomiton/events/recorder";
import { growth } from "./_growth.ts";

type Events = { tick: number };

/** A client without the leak check, with `n` distinct handlers on "tick". */
function subscribed(n: number): { client: EventClient<Events>; offs: (() => void)[] } {
  const client = new EventClient<Events>({ maxListeners: 0 });
  const offs: (() => void)[] = [];
  for (let i = 0; i < n; i++) offs.push(client.on("tick", () => {}));
  return { client, offs };
}

await growth([
  {
    name: "subscribe N handlers to one type",
    n: 50_000,
    run: (n) => subscribed(n),
  },
  {
    name: "subscribe, then unsubscribe N handlers (newest first)",
    n: 50_000,
    run: (n) => {
      const { offs } = subscribed(n);
      for (let i = offs.length - 1; i >= 0; i--) offs[i]!();
    },
  },
  {
    name: "subscribe, emit once, then off() N handlers",
    n: 50_000,
    run: (n) => {
      const client = new EventClient<Events>({ maxListeners: 0 });
      const handlers = Array.from({ length: n }, () => (): void => {});
      for (const handler of handlers) client.on("tick", handler);
      client.emit("tick", 1);
      for (const handler of handlers) client.off("tick", handler);
    },
  },
  {
    name: "emit 2N events into an events() buffer of size N",
    n: 200_000,
    run: (n) => {
      const client = new EventClient<Events>();
      const stream = client.events("tick", { bufferSize: n });
      for (let i = 0; i < 2 * n; i++) client.emit("tick", i);
      if (stream.dropped !== n) throw new Error(`dropped ${stream.dropped}, expected ${n}`);
      stream.return();
    },
  },
  {
    name: "record 2N events with an EventRecorder limited to N",
    n: 200_000,
    run: (n) => {
      const client = new EventClient<Events>();
      using recorder = new EventRecorder(client, { limit: n });
      for (let i = 0; i < 2 * n; i++) client.emit("tick", i);
      if (recorder.dropped !== n) throw new Error(`dropped ${recorder.dropped}, expected ${n}`);
    },
  },
]);
