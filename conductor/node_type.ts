import type { JsonValue } from "@atomiton/storage";

/** The runtimes a node type can run on. */
export type NodeTypeRuntime = "deno" | "node" | "browser";

/**
 * One parameter of a node type: its kind, default and limits. Flows are
 * checked against it when they are validated: a wrong value is refused, naming
 * the node, the parameter and what is allowed, and so is a parameter that the
 * type does not have.
 */
export interface ParameterSpec {
  /** The value's kind. `"object"` is a record; `"array"` a list. */
  readonly type: "string" | "number" | "boolean" | "object" | "array";
  /** What the parameter does, in one line (shown by `atomiton nodes`). */
  readonly description: string;
  /** The value used when the flow leaves it out. */
  readonly default?: JsonValue | undefined;
  /** Whether the flow must give it (default `false`). */
  readonly required?: boolean | undefined;
  /** The allowed values of a string parameter. */
  readonly enum?: readonly string[] | undefined;
  /** The least value of a number; the least length of a string or an array. */
  readonly min?: number | undefined;
  /** The greatest value of a number; the greatest length of a string or an array. */
  readonly max?: number | undefined;
  /** Whether a number must be whole. */
  readonly integer?: boolean | undefined;
  /** The kind of an array's elements, or of an object's values (default: any JSON). */
  readonly items?: "string" | "number" | undefined;
  /** Whether a JSON string holding a value of `type` is accepted too (it is parsed when validated). */
  readonly json?: boolean | undefined;
  /** Whether the string is a file path: a relative one resolves against the flow file's folder. */
  readonly path?: boolean | undefined;
  /** Whether the string is JavaScript from the flow: the node then runs only in a sandboxed worker. */
  readonly code?: boolean | undefined;
}

/**
 * A node type of the flow format: a type name, its parameters, and the task
 * module a worker runs for it. The built-in types are what `builtinNodeTypes()`
 * of `@atomiton/conductor/node-types` returns; pass your own to `validateBlueprint` and
 * `runBlueprint` as `nodeTypes` to extend (or replace) them.
 *
 * The task module's export is called in a worker with
 * `({ parameters, input, ...ports }, context)`: `parameters` checked, with
 * defaults applied and paths made absolute; `input` what the edges into the
 * default input port carry; and one field per other named input port.
 *
 * @example A node type of your own
 * ```ts
 * import type { NodeType } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const shout: NodeType = {
 *   type: "shout",
 *   description: "Upper-cases its input text",
 *   module: `data:text/javascript,${encodeURIComponent(
 *     "export default ({ parameters, input }) => String(input).toUpperCase() + parameters.mark;",
 *   )}`,
 *   parameters: { mark: { type: "string", description: "Appended", default: "!" } },
 * };
 * assert.equal(shout.parameters.mark?.default, "!");
 * ```
 */
export interface NodeType {
  /** The name flows use in a node's `type` (kebab-case, such as `"edit-fields"`). */
  readonly type: string;
  /** What the type does, in one line. */
  readonly description: string;
  /** The task module's absolute URL (or a path, resolved against the flow file). */
  readonly module: string;
  /** The module's function export to call. Default: the default export. */
  readonly export?: string | undefined;
  /** The parameters the type takes, by name. */
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  /** Where it can run (default: everywhere). Elsewhere a flow using it is refused when validated. */
  readonly runtimes?: readonly NodeTypeRuntime[] | undefined;
  /**
   * What it needs that the runtimes it leaves out lack, said when a flow is refused
   * there: such as `"a file system"`.
   */
  readonly needs?: string | undefined;
  /** Whether its task runs code from the flow: then only in a sandboxed worker. */
  readonly sandbox?: boolean | undefined;
  /**
   * A check that needs more than the parameters' specs (a native library that
   * must load, say): the problem found, or `undefined`. Runs when a flow using
   * the type is validated.
   */
  readonly check?:
    | ((parameters: Readonly<Record<string, unknown>>) => Promise<string | undefined>)
    | undefined;
}
