import { numberOption, positionals, stringOption } from "../_common/args.ts";
import type { CommandContext } from "../_common/command.ts";
import { resolvePath } from "../_common/open_storage.ts";
import { CliError } from "../cli_error.ts";

/** `atomiton run`'s options, read and checked. */
export interface RunOptions {
  /** The blueprint file's absolute path; `undefined` with `--resume`. */
  readonly path: string | undefined;
  /** `--resume RUN_ID`: the run to continue. */
  readonly resume: string | undefined;
  /** `--from NODE`: with `--resume`, this node and everything downstream run again. */
  readonly from: string | undefined;
  readonly json: boolean;
  readonly check: boolean;
  readonly redis: string | undefined;
  readonly store: string | undefined;
  readonly log: string | undefined;
  readonly concurrency: number | undefined;
  readonly timeout: number | undefined;
  readonly grace: number;
  readonly memoryLimitMb: number | undefined;
  readonly allowRemoteModules: boolean;
  /** `--node-types MODULE`, repeatable: node types of the user's own for flows. */
  readonly nodeTypes: readonly string[];
}

/** How long cancelled nodes get to stop by default before their workers are ended, in ms. */
const DEFAULT_GRACE_MS = 500;

/** Reads `atomiton run`'s arguments; a usage error names what is wrong and what is allowed. */
export function readRunOptions(context: CommandContext): RunOptions {
  const resume = stringOption(context, "resume");
  const from = stringOption(context, "from");
  const [file] = positionals(context, "run", resume === undefined ? ["blueprint-or-flow"] : []);
  if (from !== undefined && resume === undefined) {
    throw new CliError(
      "USAGE",
      "--from NODE needs --resume RUN_ID: it runs that node of an earlier run again.",
    );
  }
  if (resume !== undefined && context.values.check === true) {
    throw new CliError("USAGE", "--check takes a blueprint file, not --resume.");
  }
  const redis = stringOption(context, "redis");
  if (redis !== undefined && !/^rediss?:\/\/[^/]/i.test(redis)) {
    throw new CliError(
      "USAGE",
      `Invalid --redis ${JSON.stringify(redis)}: expected redis://host:port.`,
    );
  }
  return {
    path: file === undefined ? undefined : resolvePath(context.io.cwd, file),
    resume,
    from,
    json: context.values.json === true,
    check: context.values.check === true,
    redis,
    store: stringOption(context, "store"),
    log: stringOption(context, "log"),
    concurrency: numberOption(context, "concurrency", { min: 1, max: 1024 }),
    timeout: numberOption(context, "timeout", { min: 1, max: 2147483647 }),
    grace: numberOption(context, "grace", { min: 0, max: 2147483647 }) ?? DEFAULT_GRACE_MS,
    memoryLimitMb: numberOption(context, "memory-limit", { min: 16, max: 1048576 }),
    allowRemoteModules: context.values["allow-remote-modules"] === true,
    nodeTypes: [context.values["node-types"] ?? []].flat().filter((value) =>
      typeof value === "string"
    ),
  };
}
