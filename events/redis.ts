/**
 * Events across processes and machines over a Redis stream:
 * {@linkcode RedisStreamTransport} publishes a client's events with `XADD` and
 * delivers other clients' events read through a consumer group, at least
 * once, with resume after a restart, take-over of a dead consumer's entries
 * and replay from an id or a time. It needs the `ioredis` package (an
 * optional peer dependency on npm), which only this entry imports.
 * {@linkcode connectRedis} opens a connection that stops, rather than falling
 * back to database 0, when the server refuses the URL's database or password;
 * the storage and execution `/redis` clients use it too.
 *
 * @example Two processes see each other's events
 * ```ts ignore
 * import { EventClient } from "@atomiton/events";
 * import { RedisStreamTransport } from "@atomiton/events/redis";
 *
 * const events = new EventClient<{ "job:done": { id: string } }>({ source: "worker-1" });
 * await using transport = new RedisStreamTransport(events, { redis: "redis://127.0.0.1:6379" });
 * await transport.ready;
 * events.on("job:done", (job) => console.log(job.id, "from", events.origin?.source ?? "here"));
 * events.emit("job:done", { id: "42" });
 * ```
 *
 * @module
 */
export { connectRedis, type ConnectRedisOptions, redisRefusal } from "./connect_redis.ts";
export {
  type HistoryOptions,
  type RedisConnection,
  RedisStreamTransport,
  type RedisStreamTransportOptions,
  type StreamEvent,
} from "./redis_stream_transport.ts";
