// The body of validateBlueprint, loaded on its first call so that importing the package stays cheap.
import { detectRuntime } from "@atomiton/platform";
import { isFlow, parseInput } from "./_flow_parse.ts";
import { translateFlow } from "./_flow_translate.ts";
import { checkBlueprint } from "./_validate_check.ts";
import { isObject, type Json } from "./_validate_common.ts";
import { readTextDefault } from "./_validate_io.ts";
import { displayUrl, ownBaseUrl, toBaseUrl } from "./_validate_location.ts";
import { ConductorError } from "./conductor_error.ts";
import type { NodeTypeRuntime } from "./node_type.ts";
import type { ValidateBlueprintOptions, ValidBlueprint } from "./validate_blueprint.ts";

/** Checks a blueprint (or translates a flow and checks that): see `validateBlueprint`. */
export async function validate(
  input: unknown,
  options: ValidateBlueprintOptions,
): Promise<ValidBlueprint> {
  const given = options.baseUrl === undefined ? undefined : toBaseUrl(options.baseUrl);
  const readText = options.readText ?? readTextDefault;
  if (typeof readText !== "function") {
    throw new ConductorError(
      "INVALID_OPTION",
      `"readText" must be a function, got ${typeof readText}`,
    );
  }
  const runtime = runtimeOf(options.runtime);
  const problems: string[] = [];
  let value = await parseInput(input, problems);
  const base = given ?? (isObject(value) ? ownBaseUrl(value) : undefined);
  const flow = problems.length === 0 && isFlow(value);
  if (flow) value = await translateFlow(value as Json, options, base, runtime, problems);
  if (problems.length === 0) {
    const checked = await checkBlueprint(value, {
      validation: {
        checkModules: options.checkModules !== false,
        allowRemoteModules: options.allowRemoteModules === true,
        readText,
        texts: new Map(),
        nodes: 0,
        check: checkBlueprint,
      },
      base,
      files: base ? [base] : [],
      path: "",
      label: "",
      depth: 0,
      remote: base?.protocol === "http:" || base?.protocol === "https:",
      defaultId: base?.pathname.split("/").pop()?.replace(/\.[^.]*$/, "") || "blueprint",
      problems,
    });
    if (checked.blueprint) return checked.blueprint;
  }
  const where = `${flow ? "flow" : "blueprint"}${base === undefined ? "" : ` ${displayUrl(base)}`}`;
  throw new ConductorError(
    "INVALID_BLUEPRINT",
    problems.length === 1
      ? `Invalid ${where}: ${problems[0]}.`
      : `Invalid ${where}, ${problems.length} problems:\n${
        problems.map((problem) => `  - ${problem}.`).join("\n")
      }`,
  );
}

const RUNTIMES: readonly NodeTypeRuntime[] = ["deno", "node", "browser"];

/** The runtime a flow's node types must run on: the option, or this one. */
function runtimeOf(option: unknown): NodeTypeRuntime {
  if (option !== undefined) {
    if (RUNTIMES.includes(option as NodeTypeRuntime)) return option as NodeTypeRuntime;
    throw new ConductorError(
      "INVALID_OPTION",
      `"runtime" must be one of "deno", "node", "browser", got ${JSON.stringify(option)}`,
    );
  }
  const here = detectRuntime();
  return here === "deno"
    ? "deno"
    : here === "node" || here === "bun" || here === "electron-main"
    ? "node"
    : "browser";
}
