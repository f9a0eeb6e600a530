import type { Command } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import { NODE_RUNNER_URL } from "@atomiton/conductor";
import { detectRuntime } from "@atomiton/platform";
import { resolvePath } from "../_common/open_storage.ts";
import { CliError } from "../cli_error.ts";

/** `atomiton worker --redis URL`: a distributed execution worker until Ctrl-C. */
export const workerCommand: Command = {
  name: "worker",
  summary: "Serve blueprint nodes (or a task module) from a Redis queue",
  usage: "--redis <url> [options]",
  description:
    "Takes tasks from a Redis Streams queue and runs them on a local worker pool. By default it\n" +
    "serves blueprint nodes, so `atomiton run --redis URL` can spread a blueprint over machines;\n" +
    "with --module it serves one task module, as `@atomiton/execution/redis` RedisPool sends.\n" +
    "Ctrl-C stops taking tasks, finishes the running ones and exits; tasks it had taken and not\n" +
    "finished go to another worker after the visibility timeout.",
  options: {
    redis: {
      type: "string",
      value: "url",
      description: "The Redis server (or ATOMITON_REDIS_URL)",
    },
    module: {
      type: "string",
      value: "url",
      description: "Serve this task module instead of blueprint nodes",
    },
    queue: {
      type: "string",
      value: "name",
      default: "blueprints",
      description: "The queue to serve",
    },
    concurrency: { type: "string", value: "n", description: "Tasks at once (default: the CPUs)" },
    consumer: { type: "string", value: "name", description: "This worker's name in the group" },
    "visibility-timeout": {
      type: "string",
      value: "ms",
      description: "Silence after which a taken task goes to another worker (default: 30000)",
    },
    "max-attempts": {
      type: "string",
      value: "n",
      description: "Deliveries before a task is dead-lettered (default: 3)",
    },
    sandbox: {
      type: "boolean",
      description:
        "Run every task with no permission (Deno: child processes; for flows' code, e.g. transform)",
    },
  },
  examples: [
    "atomiton worker --redis redis://127.0.0.1:6379",
    "atomiton worker --redis redis://queue:6379 --module ./tasks/resize.js --concurrency 4",
    "atomiton worker --redis redis://127.0.0.1:6379 --queue sandboxed --sandbox",
  ],
  async run(context): Promise<number> {
    positionals(context, "worker", []);
    const redis = stringOption(context, "redis") ?? context.io.env("ATOMITON_REDIS_URL");
    if (!redis) throw new CliError("USAGE", "--redis <url> is required (or ATOMITON_REDIS_URL).");
    if (!/^rediss?:\/\//i.test(redis)) {
      throw new CliError(
        "USAGE",
        `Invalid --redis ${JSON.stringify(redis)}: expected redis://host:port.`,
      );
    }
    const module = stringOption(context, "module");
    const moduleUrl = module === undefined
      ? NODE_RUNNER_URL
      : /^[a-z][a-z\d+.-]*:/i.test(module)
      ? module
      : `file://${resolvePath(context.io.cwd, module)}`;
    const concurrency = numberOption(context, "concurrency", { min: 1, max: 1024 });
    const visibilityTimeout = numberOption(context, "visibility-timeout", { min: 100 });
    const maxAttempts = numberOption(context, "max-attempts", { min: 1, max: 1000 });
    const consumer = stringOption(context, "consumer");
    const sandbox = context.values.sandbox === true;
    if (sandbox && detectRuntime() !== "deno") {
      throw new CliError(
        "USAGE",
        "--sandbox needs Deno: Node.js cannot take permissions away from a worker. Run " +
          "`deno run -A jsr:@atomiton/cli worker --sandbox ...` (or `npx deno ...`).",
      );
    }
    const { startRedisWorker } = await import("@atomiton/execution/redis");
    const worker = startRedisWorker({
      redis,
      moduleUrl,
      queue: stringOption(context, "queue", "blueprints")!,
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(visibilityTimeout !== undefined ? { visibilityTimeout } : {}),
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
      ...(consumer !== undefined ? { consumer } : {}),
      ...(sandbox ? { pool: { permissions: {} } } : {}),
      onError: (error) =>
        context.io.stderr(`${context.style.yellow("warning")}: ${error.message}\n`),
    });
    const stop = (): void => void worker.close();
    context.signal.addEventListener("abort", stop, { once: true });
    try {
      await Promise.race([worker.ready, worker.closed]);
      if (!context.signal.aborted) {
        context.io.stderr(
          `atomiton worker ${worker.consumer} serves queue "${
            stringOption(context, "queue", "blueprints")
          }" on ${new URL(redis).host} with ${
            module === undefined ? "blueprint nodes" : moduleUrl
          }\n`,
        );
      }
      await worker.closed;
    } finally {
      context.signal.removeEventListener("abort", stop);
      await worker.close();
    }
    const { completed, failed } = worker.stats();
    context.io.stderr(`stopped: ${completed} completed, ${failed} failed\n`);
    return 0;
  },
};
