// The npm copy of @atomiton/events as a user meets it, on Node, Deno, a page and a worker.
import { EventClient, EventsError } from "@atomiton/events";
import { EventRecorder, parseEventLog, replay } from "@atomiton/events/recorder";
import { BroadcastChannelTransport } from "@atomiton/events/broadcast-channel";

/**
 * @param {(ok: boolean, message: string) => void} check
 * @param {{ runtime: string }} where
 */
export default async function smoke(check, where) {
  const errors = [];
  const events = new EventClient({ source: where.runtime, onError: (e) => errors.push(e) });
  const seen = [];
  events.on("job:*", (data, type) => seen.push(`${type}:${data}`));
  events.on("job:done", () => {
    throw new Error("isolated");
  });
  const recorder = new EventRecorder(events);
  events.emit("job:done", 1);
  check(seen.join() === "job:done:1", `pattern handler saw ${seen.join()}`);
  check(errors.length === 1 && errors[0].message === "isolated", "handler error went to onError");
  const log = parseEventLog(recorder.toJsonLines());
  check(log.length === 1 && log[0].source === where.runtime, "recorded with its source");
  recorder.stop();
  const other = new EventClient();
  const replayed = [];
  other.on("*", (data) => replayed.push(data));
  check((await replay(log, other)) === 1 && replayed[0] === 1, "replayed the log");
  try {
    events.on("a*b", () => {});
    check(false, "a bad pattern was accepted");
  } catch (error) {
    check(error instanceof EventsError && error.code === "INVALID_TYPE", "typed pattern error");
  }
  const channel = `smoke-${where.runtime}-${Math.random()}`;
  const a = new EventClient();
  const b = new EventClient();
  const ta = new BroadcastChannelTransport(a, { channel });
  const tb = new BroadcastChannelTransport(b, { channel });
  const got = b.once("ping");
  a.emit("ping", 7);
  check((await got) === 7, "bridged over BroadcastChannel");
  ta.close();
  tb.close();
  if (where.runtime === "node" || where.runtime === "deno") {
    // A variable specifier keeps the server-only entry out of the browser bundle.
    const spec = "@atomiton/events/redis";
    const { RedisStreamTransport } = await import(spec);
    const errors = [];
    const client = new EventClient();
    const transport = new RedisStreamTransport(client, {
      redis: "redis://127.0.0.1:1",
      onError: (error) => errors.push(error),
    });
    client.emit("job:done", 1);
    await transport.close();
    check(
      errors.some((error) => error instanceof EventsError && error.code === "TRANSPORT_CLOSED"),
      "the Redis transport loads and reports an event it could not send",
    );
  }
}
