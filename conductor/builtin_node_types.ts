/**
 * {@linkcode builtinNodeTypes}: the node types every flow can use. An entry of
 * its own, so that an import of `@atomiton/conductor` does not load ten
 * types' specs (6 ms of a Node import) that only listing them needs.
 *
 * @module
 */
import type { NodeType } from "./node_type.ts";
import { BUILTIN_SPECS, toNodeType } from "./_flow_specs.ts";

/**
 * The built-in node types of flows (Atomiton's `.flow.yaml` format), with
 * their parameters, defaults and limits: `edit-fields`, `transform`,
 * `file-system`, `http-request`, `spreadsheet`, `image`, `shell-command`, and
 * the containers `group`, `loop` and `parallel`, which hold child nodes. A
 * type's task is an export of the node library, `@atomiton/conductor/nodes`.
 * Pass types of your own to `validateBlueprint` or `runBlueprint` as
 * `nodeTypes`: one with a built-in's name replaces it (the containers excepted).
 *
 * @returns A fresh array of the types.
 *
 * @example List the types and a parameter's default
 * ```ts
 * import { builtinNodeTypes } from "@atomiton/conductor/node-types";
 * import assert from "node:assert/strict";
 *
 * const types = new Map(builtinNodeTypes().map((type) => [type.type, type]));
 * assert.equal(types.get("loop")?.parameters.loopType?.default, "forEach");
 * ```
 */
export function builtinNodeTypes(): NodeType[] {
  return BUILTIN_SPECS.map(toNodeType);
}
