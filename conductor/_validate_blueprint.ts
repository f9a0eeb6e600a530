// The body of validateBlueprint, loaded on its first call so that importing the package stays cheap.
import { checkBlueprint } from "./_validate_check.ts";
import { isObject } from "./_validate_common.ts";
import { readTextDefault } from "./_validate_io.ts";
import { MAX_TEXT } from "./_validate_limits.ts";
import { displayUrl, ownBaseUrl, toBaseUrl } from "./_validate_location.ts";
import { ConductorError } from "./conductor_error.ts";
import type { ValidateBlueprintOptions, ValidBlueprint } from "./validate_blueprint.ts";

/** Checks a blueprint: see `validateBlueprint`. */
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
  const problems: string[] = [];
  const value = parse(input, problems);
  const base = given ?? (isObject(value) ? ownBaseUrl(value) : undefined);
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
  const where = base === undefined ? "" : ` ${displayUrl(base)}`;
  throw new ConductorError(
    "INVALID_BLUEPRINT",
    problems.length === 1
      ? `Invalid blueprint${where}: ${problems[0]}.`
      : `Invalid blueprint${where}, ${problems.length} problems:\n${
        problems.map((problem) => `  - ${problem}.`).join("\n")
      }`,
  );
}

/** The blueprint's value: `input` itself, or the JSON it holds. */
function parse(input: unknown, problems: string[]): unknown {
  if (typeof input !== "string") return input;
  if (input.length > MAX_TEXT) {
    problems.push(`it is ${input.length} characters long; a blueprint holds at most ${MAX_TEXT}`);
    return undefined;
  }
  try {
    return JSON.parse(input);
  } catch (error) {
    problems.push(`it is not JSON (${(error as Error).message})`);
    return undefined;
  }
}
