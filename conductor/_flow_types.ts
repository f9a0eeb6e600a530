// The node types a flow may use: the built-in ones and the caller's `nodeTypes`.
import { BUILTIN_SPECS, toNodeType } from "./_flow_specs.ts";
import { isObject, quote } from "./_validate_common.ts";
import { ConductorError } from "./conductor_error.ts";
import type { NodeType } from "./node_type.ts";
import type { BuiltinSpec } from "./nodes/_spec.ts";

/** A node type as the translation sees it: containers marked. */
export type FlowType = NodeType & { readonly container?: BuiltinSpec["container"] };

/**
 * The types by name: the built-in ones, then `extra` (a type of the same name
 * replaces a built-in, a container excepted). A relative `module` resolves
 * against the flow file's URL `base`.
 */
export function flowTypes(
  extra: readonly NodeType[] | undefined,
  base: URL | undefined,
): Map<string, FlowType> {
  const types = new Map<string, FlowType>();
  for (const spec of BUILTIN_SPECS) {
    types.set(spec.type, { ...toNodeType(spec), container: spec.container });
  }
  if (extra === undefined) return types;
  if (!Array.isArray(extra)) throw option(`"nodeTypes" must be an array of node types`);
  for (const type of extra as unknown[]) {
    if (!isObject(type) || typeof type.type !== "string" || type.type === "") {
      throw option(`each of "nodeTypes" must be an object with a "type" name`);
    }
    const name = type.type;
    if (typeof type.module !== "string" || !isObject(type.parameters)) {
      throw option(
        `node type ${quote(name)} must have a "module" string and a "parameters" object`,
      );
    }
    if (types.get(name)?.container) {
      throw option(
        `node type ${quote(name)} cannot be replaced: it holds child nodes, and the flow ` +
          `translation builds it; give your type another name`,
      );
    }
    types.set(name, {
      ...type as unknown as NodeType,
      module: resolveModule(type.module, base, name),
    });
  }
  return types;
}

function resolveModule(module: string, base: URL | undefined, name: string): string {
  try {
    return new URL(module, base).href;
  } catch {
    throw option(
      `node type ${quote(name)}: "module" ${quote(module)} is not a URL, and a relative one ` +
        `needs the flow file's URL ("baseUrl") to resolve against`,
    );
  }
}

const option = (text: string): ConductorError => new ConductorError("INVALID_OPTION", text);
