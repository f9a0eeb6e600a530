/**
 * Starts a worker for `@atomiton/execution/redis` with one command, until
 * SIGINT or SIGTERM (then it finishes its running tasks and exits):
 *
 * ```sh
 * deno run -A jsr:@atomiton/execution/redis-worker \
 *   --redis redis://127.0.0.1:6379 --module ./tasks.ts --queue default --concurrency 4
 * node node_modules/@atomiton/execution/redis_worker.js --redis redis://127.0.0.1:6379 --module ./tasks.js
 * ```
 *
 * Options: `--redis` (or `ATOMITON_REDIS_URL`), `--module` (a path or URL;
 * or `ATOMITON_TASK_MODULE`), `--queue`, `--prefix`, `--consumer`,
 * `--concurrency`, `--visibility-timeout` (ms), `--max-attempts`. The
 * `atomiton worker` command will wrap {@linkcode runRedisWorker}.
 *
 * @example Parse a command line
 * ```ts
 * import { parseWorkerArgs } from "@atomiton/execution/redis-worker";
 * import assert from "node:assert/strict";
 *
 * const options = parseWorkerArgs(
 *   ["--redis", "redis://127.0.0.1:6379", "--module", "./tasks.ts", "--concurrency", "2"],
 *   { cwd: "/srv/app" },
 * );
 * assert.equal(options.moduleUrl, "file:///srv/app/tasks.ts");
 * assert.equal(options.concurrency, 2);
 * ```
 *
 * @module
 */
import { ExecutionError } from "./execution_error.ts";
import {
  type RedisWorker,
  type RedisWorkerOptions,
  startRedisWorker,
} from "./start_redis_worker.ts";

/** Where {@linkcode parseWorkerArgs} resolves paths and reads fallbacks. */
export interface ParseWorkerArgsContext {
  /** The folder a relative `--module` path is resolved against. */
  readonly cwd: string;
  /** Environment variables for the fallbacks. Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

// A Map: an argument such as "constructor" or "__proto__" is an unknown flag, not Object's own.
const FLAGS: ReadonlyMap<string, string> = new Map([
  ["--redis", "redis"],
  ["--module", "moduleUrl"],
  ["--queue", "queue"],
  ["--prefix", "prefix"],
  ["--consumer", "consumer"],
  ["--concurrency", "concurrency"],
  ["--visibility-timeout", "visibilityTimeout"],
  ["--max-attempts", "maxAttempts"],
]);
const NUMBERS = new Set(["concurrency", "visibilityTimeout", "maxAttempts"]);

/**
 * Turns a command line into {@linkcode RedisWorkerOptions}.
 *
 * @param args The arguments, such as `["--redis", "redis://…", "--module", "./tasks.ts"]`;
 * `--flag=value` works too.
 * @param context The working folder and environment.
 * @returns The worker's options.
 * @throws {ExecutionError} `INVALID_OPTION` for an unknown flag, a missing
 * value, or no Redis URL or module.
 *
 * @example Fall back to the environment
 * ```ts
 * import { parseWorkerArgs } from "@atomiton/execution/redis-worker";
 * import assert from "node:assert/strict";
 *
 * const options = parseWorkerArgs([], {
 *   cwd: "/srv",
 *   env: { ATOMITON_REDIS_URL: "redis://cache:6379", ATOMITON_TASK_MODULE: "https://x.test/t.js" },
 * });
 * assert.equal(options.redis, "redis://cache:6379");
 * assert.equal(options.moduleUrl, "https://x.test/t.js");
 * ```
 */
export function parseWorkerArgs(
  args: readonly string[],
  context: ParseWorkerArgsContext,
): RedisWorkerOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes("=") ? arg.split(/=(.*)/s) as [string, string] : [arg];
    const key = FLAGS.get(flag);
    const value = inline ?? args[++i];
    if (!key || value === undefined || value.startsWith("--")) {
      throw new ExecutionError(
        "INVALID_OPTION",
        key
          ? `${flag} needs a value.`
          : `Unknown argument ${arg}: expected one of ${[...FLAGS.keys()].join(", ")}.`,
      );
    }
    values.set(key, value);
  }
  const redis = values.get("redis") ?? context.env?.ATOMITON_REDIS_URL;
  const module = values.get("moduleUrl") ?? context.env?.ATOMITON_TASK_MODULE;
  if (!redis || !module) {
    throw new ExecutionError(
      "INVALID_OPTION",
      `${redis ? "--module" : "--redis"} is required (or ${
        redis ? "ATOMITON_TASK_MODULE" : "ATOMITON_REDIS_URL"
      }).`,
    );
  }
  const base = new URL(`file://${context.cwd.replace(/\/?$/, "/")}`);
  const options: Record<string, unknown> = {
    redis,
    moduleUrl: /^[a-z][a-z\d+.-]*:/i.test(module) ? module : new URL(module, base).href,
  };
  for (const [key, value] of values) {
    if (key !== "redis" && key !== "moduleUrl") {
      options[key] = NUMBERS.has(key) ? Number(value) : value;
    }
  }
  return options as unknown as RedisWorkerOptions;
}

interface Host {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  onStop(stop: () => void): () => void;
}

function host(): Host {
  const deno = (globalThis as { Deno?: typeof Deno }).Deno;
  if (deno) {
    return {
      args: deno.args,
      cwd: deno.cwd(),
      env: deno.env.toObject(),
      onStop: (stop) => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) deno.addSignalListener(signal, stop);
        return () => {
          for (const signal of ["SIGINT", "SIGTERM"] as const) {
            deno.removeSignalListener(signal, stop);
          }
        };
      },
    };
  }
  const process = (globalThis as unknown as { process: NodeProcess }).process;
  return {
    args: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    onStop: (stop) => {
      process.on("SIGINT", stop).on("SIGTERM", stop);
      return () => process.off("SIGINT", stop).off("SIGTERM", stop);
    },
  };
}

interface NodeProcess {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd(): string;
  on(signal: string, listener: () => void): NodeProcess;
  off(signal: string, listener: () => void): NodeProcess;
}

/**
 * Starts a worker from a command line and stops it gracefully on SIGINT or
 * SIGTERM; what the script does when run.
 *
 * @param args The command line. Default: this process's arguments.
 * @returns The running worker, once it is ready.
 * @throws {ExecutionError} `INVALID_OPTION` for a bad command line.
 *
 * @example Start from code
 * ```ts ignore
 * import { runRedisWorker } from "@atomiton/execution/redis-worker";
 *
 * const worker = await runRedisWorker(["--redis", "redis://127.0.0.1:6379", "--module", "./tasks.ts"]);
 * ```
 */
export async function runRedisWorker(args?: readonly string[]): Promise<RedisWorker> {
  const here = host();
  const options = parseWorkerArgs(args ?? here.args, here);
  const worker = startRedisWorker(options);
  const off = here.onStop(() => void worker.close());
  void worker.closed.then(off);
  await worker.ready;
  // deno-lint-ignore no-console -- a started service says so
  console.error(
    `atomiton worker ${worker.consumer} serves queue "${options.queue ?? "default"}" ` +
      `with ${options.moduleUrl}`,
  );
  return worker;
}

async function isMain(): Promise<boolean> {
  if ("Deno" in globalThis) return import.meta.main;
  const argv1 = (globalThis as unknown as { process: NodeProcess }).process.argv[1];
  if (!argv1) return false;
  const { realpathSync } = await import("node:fs");
  const { fileURLToPath } = await import("node:url");
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (await isMain()) await runRedisWorker();
