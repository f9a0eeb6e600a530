import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import {
  validateBlueprint,
  type ValidateBlueprintOptions,
  type ValidBlueprint,
} from "@atomiton/conductor";
import { CliError } from "../cli_error.ts";

/**
 * Reads and checks a blueprint file, or an Atomiton flow (`.flow.yaml` or
 * JSON), through the conductor's validateBlueprint.
 */
export async function readBlueprint(
  path: string,
  options: Pick<ValidateBlueprintOptions, "allowRemoteModules" | "nodeTypes">,
): Promise<ValidBlueprint> {
  const text = await readText(path);
  try {
    return await validateBlueprint(text, { ...options, baseUrl: pathToFileURL(path) });
  } catch (error) {
    throw asCliError(error);
  }
}

/** The conductor's refusals as the CLI's errors: a bad blueprint or run id is the input's fault. */
export function asCliError(error: unknown): unknown {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== "string") return error;
  if (code === "INVALID_BLUEPRINT") {
    return new CliError("INVALID_BLUEPRINT", message, { cause: error });
  }
  if (code === "RUN_NOT_FOUND" || code === "NODE_NOT_FOUND") {
    return new CliError("NOT_FOUND", message, { cause: error });
  }
  if (code === "RUN_ACTIVE") return new CliError("FAILED", message, { cause: error });
  return error;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === "ENOENT" ? "NOT_FOUND" : "INVALID_INPUT",
      code === "ENOENT"
        ? `No file ${path}: give the path of a blueprint (JSON) or a flow (.flow.yaml or JSON).`
        : `Cannot read the file ${path}: ${(error as Error).message}.`,
      { cause: error },
    );
  }
}

/**
 * Every node of a blueprint, sub-blueprints' nodes as `parent/child`, in blueprint order (a mapped
 * or `while` sub-blueprint counts as one node, as the engine counts it).
 */
export function flatNodes(
  blueprint: ValidBlueprint,
  prefix = "",
): { readonly id: string; readonly label?: string | undefined }[] {
  return blueprint.nodes.flatMap((node) => {
    const id = `${prefix}${node.id}`;
    const own = { id, label: node.label === undefined ? undefined : `${prefix}${node.label}` };
    const child = node.data.blueprint;
    // A mapped or repeated sub-blueprint is one node: its graph runs per element, under node/<i>/.
    const repeated = node.data.map !== undefined || node.data.while !== undefined;
    return child && !repeated ? [own, ...flatNodes(child, `${id}/`)] : [own];
  });
}
