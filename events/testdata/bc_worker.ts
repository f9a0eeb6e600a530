// A worker that answers "ping" with "pong" over a BroadcastChannelTransport, on Deno or in a browser.
import { EventClient } from "../mod.ts";
import { BroadcastChannelTransport } from "../broadcast_channel_transport.ts";

type Events = { ping: number; pong: number; "worker:ready": void; "local:only": string };
const events = new EventClient<Events>({ source: "worker" });
const channel = new URL(import.meta.url).searchParams.get("channel") ?? "atomiton-test";
new BroadcastChannelTransport(events, { channel, types: ["ping", "pong", "worker:*"] });
events.on("ping", (n) => {
  events.emit("local:only", "never bridged");
  events.emit("pong", n * 2);
});
// Tells the other side that this transport is listening.
events.emit("worker:ready");
