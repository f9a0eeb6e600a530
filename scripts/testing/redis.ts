/**
 * A real `redis-server` for tests: started on a free loopback port with its own
 * data folder, and stopped (or killed and restarted on the same port) by the test.
 *
 * ```ts ignore
 * import { ignoreUnless } from "./needs.ts";
 * import { startRedis } from "./redis.ts";
 *
 * Deno.test({ name: "uses redis", ...ignoreUnless("redis-server") }, async () => {
 *   await using redis = await startRedis();
 *   // connect a client to redis.url
 * });
 * ```
 *
 * @module
 */
import { need } from "./needs.ts";

/** Options for {@linkcode startRedis}. */
export interface StartRedisOptions {
  /** Append-only file with fsync on every write, so a restart keeps every acknowledged write. */
  durable?: boolean;
}

/** A running test server. */
export interface RedisServer extends AsyncDisposable {
  /** The loopback port it listens on. */
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Its data folder (removed by `stop`). */
  readonly dir: string;
  /** Ends the server with SIGKILL, as a crash would; `start` brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts it again after `kill` on the same port and data folder. */
  start(): Promise<void>;
  /** Shuts it down for good and removes its data folder. */
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function ping(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await conn.write(new TextEncoder().encode("PING\r\n"));
      const buf = new Uint8Array(64);
      const n = await conn.read(buf);
      return n !== null && new TextDecoder().decode(buf.subarray(0, n)).startsWith("+PONG");
    } finally {
      conn.close();
    }
  } catch {
    return false;
  }
}

/** Only turns a server that never answers into a failure; a healthy one answers long before. */
const STARTUP_SAFETY_NET_MS = 60_000;

/** Starts `redis-server` on a free loopback port and waits until it answers PING. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = need("redis-server");
  const port = freePort();
  const dir = await Deno.makeTempDir({ prefix: "atomiton-redis-" });
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    options.durable ? "yes" : "no",
    "--appendfsync",
    "always",
  ];
  let child: Deno.ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const started = new Deno.Command(binary, {
      args,
      stdout: "null",
      stderr: "null",
      stdin: "null",
    }).spawn();
    child = started;
    let exited: Deno.CommandStatus | undefined;
    started.status.then((status) => exited = status);
    // Waits for the server's answer or its exit, however slow the machine; the safety net
    // only turns a server that hangs into a failure.
    const giveUp = Date.now() + STARTUP_SAFETY_NET_MS;
    while (!(await ping(port))) {
      if (exited) throw new Error(`redis-server on port ${port} exited with code ${exited.code}`);
      if (Date.now() > giveUp) {
        throw new Error(
          `redis-server did not answer on port ${port} in ${STARTUP_SAFETY_NET_MS} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const kill = async (): Promise<void> => {
    if (!child) return;
    const running = child;
    child = undefined;
    try {
      running.kill("SIGKILL");
    } catch { /* already gone */ }
    await running.status;
  };
  const stop = async (): Promise<void> => {
    await kill();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    kill,
    start,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
