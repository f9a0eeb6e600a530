import assert from "node:assert/strict";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { ExecutionError } from "./execution_error.ts";
import { parseWorkerArgs } from "./redis_worker.ts";

Deno.test("parseWorkerArgs() reads flags, both --flag value and --flag=value", () => {
  const options = parseWorkerArgs([
    "--redis=redis://cache:6379",
    "--module",
    "tasks/resize.ts",
    "--queue",
    "images",
    "--prefix=app",
    "--consumer",
    "box-1",
    "--concurrency",
    "8",
    "--visibility-timeout=60000",
    "--max-attempts",
    "5",
  ], { cwd: "/srv/app" });
  assert.deepEqual(options, {
    redis: "redis://cache:6379",
    moduleUrl: "file:///srv/app/tasks/resize.ts",
    queue: "images",
    prefix: "app",
    consumer: "box-1",
    concurrency: 8,
    visibilityTimeout: 60000,
    maxAttempts: 5,
  });
});

Deno.test("parseWorkerArgs() keeps a module URL and falls back to the environment", () => {
  const env = { ATOMITON_REDIS_URL: "redis://env:6379", ATOMITON_TASK_MODULE: "./from-env.js" };
  assert.deepEqual(parseWorkerArgs(["--module", "https://x.test/t.js"], { cwd: "/", env }), {
    redis: "redis://env:6379",
    moduleUrl: "https://x.test/t.js",
  });
  assert.equal(parseWorkerArgs([], { cwd: "/work/", env }).moduleUrl, "file:///work/from-env.js");
});

Deno.test("parseWorkerArgs() rejects unknown flags, missing values and missing options", () => {
  const cases: [string[], RegExp][] = [
    [["--nope", "1"], /Unknown argument --nope/],
    [["--redis"], /--redis needs a value/],
    [["--redis", "--module", "x"], /--redis needs a value/],
    [["--module", "./t.ts"], /--redis is required/],
    [["--redis", "redis://h"], /--module is required/],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => parseWorkerArgs(args, { cwd: "/" }),
      (error: unknown) =>
        error instanceof ExecutionError && error.code === "INVALID_OPTION" &&
        message.test(error.message),
      args.join(" "),
    );
  }
});

Deno.test("parseWorkerArgs() takes names of Object.prototype for unknown flags", () => {
  for (const name of PROTOTYPE_KEYS) {
    for (const args of [[name, "1"], [`${name}=1`], ["--redis", "redis://h", name, "1"]]) {
      assert.throws(
        () => parseWorkerArgs(args, { cwd: "/" }),
        (error: unknown) =>
          error instanceof ExecutionError && error.code === "INVALID_OPTION" &&
          error.message.startsWith(`Unknown argument ${name}`),
        args.join(" "),
      );
    }
  }
  assertPrototypeClean();
});
