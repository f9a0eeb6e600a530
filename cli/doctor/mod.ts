import type { Command } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import type { Check } from "./checks.ts";
import { formatCheck, formatFacts, formatVerdict } from "./_report.ts";
import { VERSION } from "../_common/version.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

/** `atomiton doctor`: what this machine runs, what the family picks here, and the budgets. */
export const doctorCommand: Command = {
  name: "doctor",
  summary: "Show the runtime, capabilities, chosen backends and budget checks",
  usage: "[options]",
  description:
    "Reports the runtime, OS and CPUs, the capabilities @atomiton/platform detects, which\n" +
    "storage backend createStorageClient picks here and why, where the atomiton home is, and\n" +
    "which workers WorkerPool starts. Then checks, each ok, warn or fail with the reason:\n" +
    "  storage    the home's store takes a write, a read and a delete\n" +
    "  execution  a worker starts and runs a trivial task\n" +
    "  redis      the server at --redis (or ATOMITON_REDIS_URL) answers, when one is named\n" +
    "  start-up   `atomiton --version` and importing each package, in fresh processes, stay\n" +
    "             within 10 ms of an empty process or import (median of --runs); over it is a\n" +
    "             warning, since timings on a busy machine are noisy\n" +
    "  size       each entry's gzip size, as measured at build, is within the budget\n" +
    "             `deno task size` holds it to\n" +
    "Exits 1 when a check fails; a check of something not configured is skipped.",
  options: {
    json: { type: "boolean", description: "Print one JSON object instead of lines" },
    redis: {
      type: "string",
      value: "url",
      description: "Also check this Redis server (or ATOMITON_REDIS_URL)",
    },
    runs: {
      type: "string",
      value: "n",
      default: "5",
      description: "Fresh processes per start-up case",
    },
  },
  examples: [
    "atomiton doctor",
    "atomiton doctor --redis redis://127.0.0.1:6379 --json",
  ],
  async run(context): Promise<number> {
    positionals(context, "doctor", []);
    const runs = numberOption(context, "runs", { min: 1, max: 100, fallback: 5 })!;
    const redis = stringOption(context, "redis") ?? context.io.env("ATOMITON_REDIS_URL");
    if (redis !== undefined && !/^rediss?:\/\/[^/]/i.test(redis)) {
      throw new CliError(
        "USAGE",
        `Invalid Redis URL ${JSON.stringify(redis)}: expected redis://host:port.`,
      );
    }
    const json = context.values.json === true;
    const { io, style, signal } = context;
    const [{ getPlatformInfo }, checks, startup, { executionBackend }] = await Promise.all([
      import("@atomiton/platform"),
      import("./checks.ts"),
      import("./startup.ts"),
      import("../profile/execution.ts"),
    ]);
    const info = getPlatformInfo();
    const storage = await checks.storageFacts(io, info.runtime);
    const execution = executionBackend();
    const capabilities = Object.entries(info.capabilities);
    if (!json) {
      const yes = capabilities.filter(([, on]) => on).map(([name]) => name);
      const no = capabilities.filter(([, on]) => !on).map(([name]) => name);
      io.stdout(`${style.bold(`atomiton doctor ${VERSION}`)}\n\n`);
      io.stdout(
        formatFacts([
          [
            "runtime",
            `${info.runtime} ${info.version ?? "(version unknown)"}, ${info.os} ${info.arch}, ` +
            `${info.hardwareConcurrency} CPUs`,
          ],
          [
            "capabilities",
            `${yes.join(" ")}${no.length ? style.dim(`; not: ${no.join(" ")}`) : ""}`,
          ],
          [
            "home",
            storage.home === undefined
              ? "none (set ATOMITON_HOME)"
              : `${storage.home} (${storage.homeFrom === "default" ? "default" : "ATOMITON_HOME"})`,
          ],
          [
            "storage",
            `createStorageClient() picks ${storage.backend}: ${storage.reason}` +
            (storage.defaultDirectory ? ` (${storage.defaultDirectory})` : ""),
          ],
          ["execution", `WorkerPool uses ${execution}`],
        ]) + "\n\n",
      );
    }
    const results: Check[] = [];
    const add = (...found: Check[]): void => {
      results.push(...found);
      if (!json) { for (const check of found) io.stdout(`${formatCheck(check, style)}\n`); }
    };
    let startupReport: unknown = null;
    try {
      add(await checks.storageCheck(io, storage));
      add(await checks.executionCheck(signal));
      add(await checks.redisCheck(redis, signal));
      const family = await startup.familyStartup();
      if (io.isTTY && !json) {
        io.stderr(style.dim(`timing start-up: ${family.cases.length} cases × ${runs} runs…\n`));
      }
      const report = await startup.measureStartup(family.probe, family.cases, { runs, signal });
      startupReport = report;
      add(...checks.startupChecks(report));
      add(...family.missing.map((name): Check => ({
        name: "start-up",
        status: "skip",
        message: `import ${name}: not installed here`,
      })));
      add(...checks.sizeChecks());
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    const failed = results.some((check) => check.status === "fail");
    if (json) {
      io.stdout(
        JSON.stringify({
          version: VERSION,
          runtime: {
            name: info.runtime,
            version: info.version ?? null,
            os: info.os,
            arch: info.arch,
            cpus: info.hardwareConcurrency,
          },
          capabilities: info.capabilities,
          storage,
          execution: { backend: execution },
          startup: startupReport,
          checks: results,
          ok: !failed,
          interrupted: signal.aborted,
        }) + "\n",
      );
    } else {
      io.stdout(`\n${formatVerdict(results, style)}\n`);
    }
    if (signal.aborted) {
      io.stderr(`${style.yellow("interrupted")}: stopped before every check ran\n`);
      return ExitCode.INTERRUPTED;
    }
    return failed ? ExitCode.FAILURE : ExitCode.OK;
  },
};
