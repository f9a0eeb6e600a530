// Runs in a page and in Deno's main thread: pings a worker through a BroadcastChannelTransport.
import { EventClient } from "../mod.ts";
import { BroadcastChannelTransport } from "../broadcast_channel_transport.ts";

type Events = { ping: number; pong: number; "worker:ready": void; "local:only": string };

/** What the exchange saw, for the test to check. */
export interface Exchange {
  pongs: number[];
  sources: string[];
  localPings: number;
  seenTypes: string[];
}

/** Pings the worker three times and collects what comes back. */
export async function exchange(workerUrl: URL | string, channel: string): Promise<Exchange> {
  const events = new EventClient<Events>({ source: "page" });
  const transport = new BroadcastChannelTransport(events, {
    channel,
    types: ["ping", "pong", "worker:*"],
  });
  const seenTypes: string[] = [];
  const sources: string[] = [];
  const pongs: number[] = [];
  let localPings = 0;
  events.on("*", (_data, type) => seenTypes.push(type));
  events.on("ping", () => localPings++);
  const done = new Promise<void>((resolve) =>
    events.on("pong", (n) => {
      pongs.push(n);
      sources.push(events.origin?.source ?? "local");
      if (pongs.length === 3) resolve();
    })
  );
  // The worker announces itself through the transport, so its side is listening too.
  const ready = events.once("worker:ready");
  const worker = new Worker(workerUrl, { type: "module" });
  await ready;
  for (const n of [1, 2, 3]) events.emit("ping", n);
  await done;
  worker.terminate();
  transport.close();
  return { pongs, sources, localPings, seenTypes };
}

if ("document" in globalThis) {
  exchange("./worker.js?channel=page-test", "page-test").then(
    (result) => (globalThis as { __result?: unknown }).__result = result,
    (error) => (globalThis as { __error?: string }).__error = String(error),
  );
}
