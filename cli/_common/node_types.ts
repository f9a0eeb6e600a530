import { pathToFileURL } from "node:url";
import type { NodeType } from "@atomiton/conductor";
import { CliError } from "../cli_error.ts";
import type { OptionSpec } from "./command.ts";

/** `--node-types <module>`: node types of your own for flows, beside the built-in ones. */
export const NODE_TYPES_OPTION: OptionSpec = {
  type: "string",
  multiple: true,
  value: "MODULE",
  description:
    "A module whose `nodeTypes` export is an array of node types (see NodeType); may repeat",
};

/**
 * The built-in node types, then those of each `--node-types` module (a type's
 * relative `module` resolves against the file that declares it).
 */
export async function loadNodeTypes(
  modules: string | boolean | readonly string[] | undefined,
): Promise<NodeType[]> {
  const own: NodeType[] = [];
  const paths = typeof modules === "string" ? [modules] : Array.isArray(modules) ? modules : [];
  for (const path of paths) own.push(...await typesOf(path));
  const names = new Set(own.map((type) => type.type));
  // Loaded here, not on import: `atomiton run --help` need not load the conductor.
  const { builtinNodeTypes } = await import("@atomiton/conductor/node-types");
  return [...builtinNodeTypes().filter((type) => !names.has(type.type)), ...own];
}

async function typesOf(path: string): Promise<NodeType[]> {
  const url = /^[a-z][a-z0-9+.-]+:/i.test(path) ? new URL(path) : pathToFileURL(path);
  let exported: unknown;
  try {
    exported = ((await import(url.href)) as { nodeTypes?: unknown }).nodeTypes;
  } catch (error) {
    throw new CliError(
      "INVALID_INPUT",
      `Cannot load the node types module ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!Array.isArray(exported)) {
    throw new CliError(
      "INVALID_INPUT",
      `The node types module ${path} must export \`nodeTypes\`, an array of node types ` +
        `({ type, description, module, parameters }), got ${typeof exported}.`,
    );
  }
  return exported.map((type: NodeType) =>
    typeof type?.module === "string" && /^\.\.?\//.test(type.module)
      ? { ...type, module: new URL(type.module, url).href }
      : type
  );
}
