import { now } from "@atomiton/platform/metrics";
import type { Io } from "../_common/io.ts";
import { MEASURED_SIZES, type MeasuredSizes } from "../_doctor_sizes.ts";
import { budgetOf } from "../_size_budgets.ts";
import type { StartupReport, StartupTiming } from "./startup.ts";
import { atomitonHome, openStorage } from "../_common/open_storage.ts";
import { ECHO_TASK_URL, executionBackend } from "../profile/execution.ts";
import { VERSION } from "../_common/version.ts";

/** How a check came out; `skip` is a check that was not asked for. */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

/** One line of the doctor's verdict. */
export interface Check {
  /** What was checked: `storage`, `execution`, `redis`, `start-up`, `size`. */
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, and why it is not ok when it is not. */
  readonly message: string;
}

/** Which store `createStorageClient` picks here, where the CLI keeps its own, and whether it works. */
export interface StorageFacts {
  /** The class `createStorageClient()` returns on this runtime. */
  readonly backend: string;
  /** Why that one. */
  readonly reason: string;
  /** Its default folder, for a file-system store. */
  readonly defaultDirectory: string | undefined;
  /** The atomiton home, and whether it came from ATOMITON_HOME. */
  readonly home: string | undefined;
  readonly homeFrom: "ATOMITON_HOME" | "default";
}

const SERVER = /^(?:deno|node|bun|electron-main)$/;

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Wrapped errors (a retry that gave up) say the most in their first cause.
  let cause = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error && cause.message && !error.message.includes(cause.message)
    ? `${error.message} (${cause.message})`
    : error.message;
}

/** Which storage backend this runtime gets by default, and where the CLI's home is. */
export async function storageFacts(io: Io, runtime: string): Promise<StorageFacts> {
  const { createStorageClient } = await import("@atomiton/storage/auto");
  let backend = "none";
  let defaultDirectory: string | undefined;
  let reason: string;
  try {
    const client = createStorageClient({ name: "atomiton" });
    // Bundlers may number a class name that clashes; the name is what matters here.
    backend = client.constructor.name.replace(/\d+$/, "");
    defaultDirectory = (client as { directory?: string }).directory;
    await client.close();
    reason = SERVER.test(runtime)
      ? `${runtime} is a server runtime, so files in the application-data folder`
      : "indexedDB" in globalThis
      ? "a browser context with IndexedDB"
      : "no file system and no IndexedDB here, so memory only";
  } catch (error) {
    reason = `createStorageClient() failed: ${messageOf(error)}`;
  }
  const explicit = io.env("ATOMITON_HOME");
  let home: string | undefined;
  try {
    home = await atomitonHome(io);
  } catch {
    home = undefined;
  }
  return {
    backend,
    reason,
    defaultDirectory,
    home,
    homeFrom: explicit ? "ATOMITON_HOME" : "default",
  };
}

/** Writes, reads and deletes a key in the CLI's default store (the atomiton home). */
export async function storageCheck(io: Io, facts: StorageFacts): Promise<Check> {
  if (facts.home === undefined) {
    return {
      name: "storage",
      status: "fail",
      message: "no atomiton home: set ATOMITON_HOME to a writable folder",
    };
  }
  const folder = `${facts.home}/storage`;
  const key = `atomiton-doctor/${crypto.randomUUID()}`;
  const start = now();
  try {
    const { client } = await openStorage(undefined, io);
    try {
      await client.set(key, { probe: true });
      const read = await client.get<{ probe?: boolean }>(key);
      if (read?.probe !== true) throw new Error("a value written could not be read back");
      await client.delete(key);
    } finally {
      await client.close();
    }
  } catch (error) {
    return {
      name: "storage",
      status: "fail",
      message: `${folder} is not usable (${facts.homeFrom}): ${messageOf(error)}`,
    };
  }
  return {
    name: "storage",
    status: "ok",
    message: `${folder} is writable: set, get and delete took ${(now() - start).toFixed(1)} ms`,
  };
}

/** Starts a one-worker `WorkerPool` and runs one trivial task on it (`moduleUrl` for tests). */
export async function executionCheck(
  signal: AbortSignal,
  options: { moduleUrl?: string; timeoutMs?: number } = {},
): Promise<Check> {
  const { moduleUrl = ECHO_TASK_URL, timeoutMs = 15_000 } = options;
  const [{ WorkerPool }, { deadline }] = await Promise.all([
    import("@atomiton/execution"),
    import("@atomiton/resilience"),
  ]);
  const backend = executionBackend();
  const start = now();
  let pool: InstanceType<typeof WorkerPool> | undefined;
  try {
    pool = new WorkerPool(moduleUrl, { maxWorkers: 1, name: "atomiton-doctor" });
    const answer = await deadline((stop) => pool!.run(41, { signal: stop }), timeoutMs, { signal });
    if (answer !== 41) throw new Error(`the echo task answered ${JSON.stringify(answer)}`);
  } catch (error) {
    signal.throwIfAborted();
    return {
      name: "execution",
      status: "fail",
      message: `a ${backend} did not run a task: ${messageOf(error)}`,
    };
  } finally {
    await pool?.close();
  }
  return {
    name: "execution",
    status: "ok",
    message: `a ${backend} started and answered in ${(now() - start).toFixed(1)} ms`,
  };
}

/** Whether the Redis server at `url` answers, when one is named. */
export async function redisCheck(
  url: string | undefined,
  signal: AbortSignal,
  // Generous: a server that answers on a busy machine is up; an unreachable one fails at once.
  timeoutMs = 10_000,
): Promise<Check> {
  if (url === undefined) {
    return {
      name: "redis",
      status: "skip",
      message: "not checked: pass --redis <url> or set ATOMITON_REDIS_URL",
    };
  }
  const [{ RedisStorageClient }, { deadline }] = await Promise.all([
    import("@atomiton/storage/redis"),
    import("@atomiton/resilience"),
  ]);
  const host = new URL(url).host;
  // One attempt: the doctor wants to know, not to wait out an outage.
  const client = new RedisStorageClient({
    url,
    namespace: "atomiton:doctor:",
    retry: { maxAttempts: 1 },
  });
  const start = now();
  try {
    await deadline(() => client.has("probe"), timeoutMs, { signal });
    return {
      name: "redis",
      status: "ok",
      message: `${host} answered in ${(now() - start).toFixed(1)} ms`,
    };
  } catch (error) {
    signal.throwIfAborted();
    // A server that answered and refused the URL's password or database is up, and misconfigured.
    const refused = (error as { code?: unknown }).code === "MISCONFIGURED";
    return {
      name: "redis",
      status: "fail",
      message: `${host} ${refused ? "refused the URL" : "is not reachable"}: ${messageOf(error)}`,
    };
  } finally {
    await client.close();
  }
}

function startupMessage(timing: StartupTiming, budgetMs: number): string {
  const against = timing.kind === "import" ? "an empty import" : "an empty process";
  if (timing.error !== undefined) return `${timing.name}: could not run: ${timing.error}`;
  const over = `${timing.name}: ${timing.overMs.toFixed(1)} ms over ${against}`;
  if (timing.status === "ok") return over;
  const best = timing.bestOverMs.toFixed(1);
  // Another process on the CPUs slows every case alike: a warning to look, not a failure.
  return timing.bestOverMs <= budgetMs
    ? `${over} (budget ${budgetMs} ms), ${best} ms in the best run: noisy, a busy machine?`
    : `${over} in every run (budget ${budgetMs} ms): slow here, or noisy on a busy machine; ` +
      "compare with `deno task bench` on an idle one";
}

/** One check per start-up case. */
export function startupChecks(report: StartupReport): Check[] {
  return report.timings.map((timing) => ({
    name: "start-up",
    status: timing.status,
    message: startupMessage(timing, report.budgetMs),
  }));
}

/**
 * The sizes measured at build (`deno task size --update-sizes`) against the
 * budgets `deno task size` holds the build to (`_size_budgets.ts`).
 */
export function sizeChecks(
  sizes: MeasuredSizes = MEASURED_SIZES,
  version = VERSION,
  budget: (entry: string) => number = budgetOf,
): Check[] {
  if (sizes.entries.length === 0) {
    return [{
      name: "size",
      status: "warn",
      message: "not measured at build: run `deno task size --update-readme`",
    }];
  }
  const when = `measured at build on ${sizes.measuredAt.slice(0, 10)}`;
  const over = sizes.entries.filter((entry) => entry.gzip > budget(entry.entry));
  const checks: Check[] = over.map((entry) => ({
    name: "size",
    status: "fail",
    message: `${entry.entry}: ${entry.gzip} B gzip, over its budget of ${
      budget(entry.entry)
    } B (${when})`,
  }));
  if (over.length === 0) {
    checks.push({
      name: "size",
      status: "ok",
      message: `${sizes.entries.length} entries within their gzip budgets (${when})`,
    });
  }
  if (sizes.version !== version) {
    checks.push({
      name: "size",
      status: "warn",
      message: `the sizes were measured for ${sizes.version}; this is ${version}`,
    });
  }
  return checks;
}
