/**
 * {@linkcode validateBlueprint}: checks a blueprint before anything runs and loads its sub-blueprints.
 *
 * @module
 */
import type { Blueprint, BlueprintNode } from "@atomiton/store";
import type { SandboxPermissions } from "./node_executor.ts";
import type { NodeType, NodeTypeRuntime } from "./node_type.ts";

export type { Blueprint, BlueprintEdge, BlueprintNode } from "@atomiton/store";

/**
 * A node's retry policy (`data.retry`, and the run's default): the fields of
 * `retry` of `@atomiton/resilience`. A crashed worker counts as a failed
 * attempt; a cancelled run is not retried.
 */
export interface NodeRetryPolicy {
  /** The most attempts, the first included: a whole number from 1 to 100. */
  readonly maxAttempts?: number;
  /** The first delay before a retry, in ms (0 to 2147483647). */
  readonly minDelay?: number;
  /** The longest delay, in ms, from `minDelay` to 2147483647. */
  readonly maxDelay?: number;
  /** How much each delay grows over the last: 1 or more. */
  readonly multiplier?: number;
  /** How much of each delay is random, from 0 to 1. */
  readonly jitter?: number;
}

/**
 * What a blueprint node's `data` holds after {@linkcode validateBlueprint}:
 * the task module to call (or the sub-blueprint to run), its input and how it
 * runs. Other fields (an editor's settings) are kept as they are.
 */
export type TaskNodeData = {
  /**
   * The task module: a path relative to the blueprint file (`./tasks/sum.js`),
   * or an absolute `file:`, `http:`, `https:` or `data:` URL. After
   * {@linkcode validateBlueprint}, always an absolute URL; absent only when
   * `blueprint` is set.
   */
  readonly module?: string;
  /** The module's function export to call. Default: the default export. */
  readonly export?: string;
  /**
   * The task's input (JSON). When edges feed the node it must be an object
   * (or absent): each edge adds one key.
   */
  readonly input?: unknown;
  /** The node's time limit in ms (overrides the run's `timeout`). */
  readonly timeout?: number;
  /** How often the node is tried and how long it waits between tries. */
  readonly retry?: NodeRetryPolicy;
  /**
   * What a failure does: `"fail"` (the default) fails the run; `"continue"`
   * records the node failed and passes `{ error: { name, message, code } }` on.
   */
  readonly onError?: "fail" | "continue";
  /**
   * The input field holding an array: the task runs once per element, outputs
   * in order. On a sub-blueprint node, its whole graph runs once per element.
   */
  readonly map?: string;
  /**
   * A sub-blueprint to run instead of a module: a path relative to the
   * blueprint file, an absolute URL, or a blueprint object. After
   * {@linkcode validateBlueprint}, always the loaded, checked blueprint.
   */
  readonly blueprint?: ValidBlueprint;
  /**
   * At most this many at once inside the node, within the run's limit: elements
   * of a mapped node, or nodes of its sub-blueprint. A whole number from 1.
   */
  readonly concurrency?: number;
  /**
   * What a sub-blueprint node outputs: `"sinks"` (the default), its sink nodes'
   * outputs by id; `"array"`, those outputs in node order; `"single"`, the output
   * of its one sink node (refused when it has several).
   */
  readonly collect?: "sinks" | "array" | "single";
  /**
   * Repeats a sub-blueprint while a condition holds, one iteration after the
   * other: before iteration `i` the condition task (run like a node, in the
   * sandbox when `sandbox` is set) gets `{ ...input, index: i, previous, input }`
   * (the last the node's own input) and
   * returns whether to go on; at most `max` iterations. The child's source nodes
   * get `{ index, previous }` merged over the node's input; the output is the
   * array of iterations' outputs.
   */
  readonly while?: {
    readonly module: string;
    readonly export?: string;
    readonly input?: unknown;
    readonly max: number;
  };
  /** With `map` or `while`: the output is `{ count }` instead of every element's output. */
  readonly discard?: boolean;
  /**
   * The task (and a `while` condition) runs code from the blueprint's file: it
   * runs only in a worker with these permissions (see `SandboxPermissions`).
   */
  readonly sandbox?: SandboxPermissions;
};

/**
 * A checked blueprint: the `Blueprint` of `@atomiton/store` without its dates
 * (so `createBlueprintStore().getState().add(blueprint)` takes it), every
 * node's `data` a {@linkcode TaskNodeData} with an absolute module URL.
 */
export type ValidBlueprint = Omit<Blueprint, "created" | "modified" | "nodes"> & {
  /** The graph's nodes, each one's `data` checked. */
  readonly nodes: readonly (BlueprintNode & { readonly data: TaskNodeData })[];
  /** The absolute URL the blueprint came from (`""` when none): relative paths resolved against it. */
  readonly baseUrl: string;
};

/** Options for {@linkcode validateBlueprint}. */
export interface ValidateBlueprintOptions {
  /**
   * The blueprint file's URL, as a `URL`, a URL string or a file path (a
   * relative one resolves against the working folder): relative module and
   * sub-blueprint paths resolve against it, the blueprint's id defaults to its
   * file name, messages name it, and the result keeps it as `baseUrl`.
   * Default: the input's own `baseUrl` (a checked blueprint has one), else none.
   */
  readonly baseUrl?: string | URL | undefined;
  /**
   * Whether to check that `file:` modules exist (default `true`; in a browser,
   * which has no file system, they are not looked for).
   */
  readonly checkModules?: boolean | undefined;
  /**
   * Whether `http:` and `https:` task modules and sub-blueprints are allowed
   * (default `false`): a blueprint makes the runner load code from the network
   * only when its caller says so. Node.js cannot import network modules at all,
   * so there such modules are always refused.
   */
  readonly allowRemoteModules?: boolean | undefined;
  /**
   * Reads a sub-blueprint file. Default: `Deno.readTextFile` on Deno, `node:fs`
   * on Node.js for `file:` URLs, `fetch` otherwise. (A `data:` URL is decoded
   * without it.)
   */
  readonly readText?: ((url: URL) => Promise<string>) | undefined;
  /**
   * Node types for flows (Atomiton's `.flow.yaml` format), beside the built-in
   * ones: a type of the same name replaces the built-in one.
   */
  readonly nodeTypes?: readonly NodeType[] | undefined;
  /**
   * The runtime the flow will run on, for the node types' `runtimes`. Default:
   * this one.
   */
  readonly runtime?: NodeTypeRuntime | undefined;
}

/**
 * Checks a blueprint before anything runs and returns it with defaults filled
 * in, module paths resolved and sub-blueprints loaded, checked and inlined (so
 * a run never reads a file); every problem found, in the sub-blueprints too,
 * is listed at once.
 *
 * The format (JSON), aligned with the `Blueprint` of `@atomiton/store`:
 *
 * ```jsonc
 * {
 *   "id": "sales-report",   // optional; default: the file name without extension
 *   "name": "Sales report", // optional; default: the id
 *   "nodes": [{
 *     "id": "sum",                         // unique, 1 to 200 characters
 *     "type": "task",                      // optional (default "task"), for editors
 *     "label": "Add up",                   // optional, shown instead of the id
 *     "position": { "x": 0, "y": 0 },      // optional (default: laid out by depth)
 *     "data": {
 *       "module": "./tasks/sum.js",        // the task module (see TaskNodeData)
 *       "export": "default",               // optional: the function export to call
 *       "input": { "numbers": [1, 2] },    // optional JSON input
 *       "timeout": 60000,                  // optional time limit in ms
 *       "retry": { "maxAttempts": 3 },     // optional (see NodeRetryPolicy)
 *       "onError": "continue",             // optional: "fail" (default) or "continue"
 *       "map": "numbers"                   // optional: run once per element of input.numbers
 *     }
 *   }, {
 *     "id": "report",
 *     "data": { "blueprint": "./report.json" } // instead of "module": a sub-blueprint
 *   }],
 *   "edges": [{
 *     "id": "e1",              // optional; default "source->target"
 *     "source": "load",        // the node whose output the edge carries
 *     "target": "sum",         // the node whose input receives it
 *     "sourceHandle": "rows",  // optional: carry output[sourceHandle] instead of the output
 *     "targetHandle": "values" // optional: the input key it fills (default: the source id)
 *   }]
 * }
 * ```
 *
 * `description`, `version`, `author`, `tags` and `metadata` are optional and kept.
 *
 * An Atomiton flow (a `.flow.yaml` file, or the same as JSON) is read too, told
 * apart by shape: a top-level `type: "group"` with `nodes`, or nodes that have a
 * `type` and `parameters` but no `data`. `input` may then be YAML text (parsed
 * with the npm `yaml` package, loaded on first use) or UTF-8 bytes. Each node's
 * `parameters` are checked against its type (see `builtinNodeTypes` and the
 * `nodeTypes` option): a wrong value, and a parameter the type does not have, is
 * a problem naming the node and the parameter; paths resolve against the flow
 * file's folder; group, loop and parallel nodes become sub-blueprint nodes. The
 * result is a blueprint of this format, which runs like any other; problems
 * start with "Invalid flow". A type that cannot run on `runtime` (a
 * file-system node in a browser) is refused here, not mid-run.
 *
 * A sub-blueprint (`data.blueprint`) is a path relative to the file that names
 * it, an absolute `file:`, `http:`, `https:` or `data:` URL, or an inline
 * blueprint object; after checking it is always the child's
 * {@linkcode ValidBlueprint}, with its own `baseUrl` (an inline or `data:` one
 * has its parent's). Its problems name nodes by path: `node "parent/child"`.
 * Node ids may not contain `/`, which separates those paths.
 *
 * Limits: at most 64 Mi characters of text, 10,000 nodes (sub-blueprints
 * included), 100,000 edges, ids of 1 to 200 characters, 64 levels of nesting
 * counted from the top object (so a node's `data.input` nests at most 60
 * levels), and 16 levels of sub-blueprints. An `http:` or `https:` module or
 * sub-blueprint needs `allowRemoteModules` (a module is refused on Node.js,
 * which cannot import it), and a blueprint from the network may not include a
 * local file.
 *
 * Problems reported: not JSON or not this shape; a node id used twice or with
 * a `/`; an edge to a node that does not exist; a module that cannot be found
 * (only `file:` modules are checked; a missing export is found when the node
 * runs); a node with both or neither of `module` and `blueprint`; a bad
 * `export`, `timeout`, `retry` field, `onError`, or a `map` that names no
 * input field; a `concurrency`, `collect`, `while`, `discard` or `sandbox`
 * that is malformed or where it means nothing (`while` with `map` or on a
 * task node, `collect: "single"` with several sinks, `discard` without `map`
 * or `while`); two edges filling the same input key; an edge from a
 * sub-blueprint node whose `sourceHandle` names none of its sink nodes; a
 * cycle, with the nodes on it; a sub-blueprint that cannot be read, is
 * invalid, or includes itself (with the chain of files); anything past the
 * limits above.
 *
 * @param input The blueprint: JSON text, or the value `JSON.parse` gave (a
 * checked blueprint too: it checks to itself).
 * @param options The file's URL (to resolve paths and name the blueprint),
 * whether to check that modules exist, whether network modules are allowed,
 * and how sub-blueprint files are read.
 * @returns The checked blueprint.
 * @throws {ConductorError} `INVALID_BLUEPRINT`, with every problem in the
 * message; `INVALID_OPTION` for a `baseUrl` that is no URL or path, or a
 * `readText` that is not a function.
 *
 * @example Check a blueprint object
 * ```ts
 * import { validateBlueprint } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const add = "data:text/javascript,export default ({ a, b }) => a + b;";
 * const blueprint = await validateBlueprint({
 *   nodes: [
 *     { id: "one", data: { module: "data:text/javascript,export default () => 1;" } },
 *     { id: "sum", data: { module: add, input: { b: 2 } } },
 *   ],
 *   edges: [{ source: "one", target: "sum", targetHandle: "a" }],
 * });
 * assert.equal(blueprint.edges[0]?.id, "one->sum");
 *
 * await assert.rejects(
 *   validateBlueprint({
 *     nodes: [{ id: "a", data: { module: add } }, { id: "b", data: { module: add } }],
 *     edges: [{ source: "a", target: "b" }, { source: "b", target: "a" }],
 *   }),
 *   /cycle: "a" → "b" → "a"/,
 * );
 * ```
 *
 * @example A sub-blueprint, retried nodes, and how problems name nested nodes
 * ```ts
 * import { validateBlueprint } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const task = "data:text/javascript,export default (input) => input;";
 * const child = { nodes: [{ id: "inner", data: { module: task, retry: { maxAttempts: 3 } } }] };
 * const blueprint = await validateBlueprint({
 *   nodes: [{ id: "outer", data: { blueprint: child } }],
 * });
 * assert.equal(blueprint.nodes[0]?.data.blueprint?.nodes[0]?.data.retry?.maxAttempts, 3);
 *
 * await assert.rejects(
 *   validateBlueprint({
 *     nodes: [{ id: "outer", data: { blueprint: { nodes: [{ id: "inner", data: { module: task, retry: { maxAttempts: 0 } } }] } } }],
 *   }),
 *   /node "outer\/inner": "data\.retry\.maxAttempts" must be a whole number from 1 to 100, got 0/,
 * );
 * ```
 *
 * @example Sub-blueprint files, read with your own `readText`
 * ```ts
 * import { validateBlueprint } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const files = new Map([
 *   ["https://example.com/flows/child.json", '{ "nodes": [{ "id": "t", "data": { "module": "data:text/javascript," } }] }'],
 * ]);
 * const blueprint = await validateBlueprint(
 *   { nodes: [{ id: "sub", data: { blueprint: "./child.json" } }] },
 *   {
 *     baseUrl: "https://example.com/flows/main.json",
 *     allowRemoteModules: true,
 *     readText: (url) => Promise.resolve(files.get(url.href) ?? "{}"),
 *   },
 * );
 * assert.equal(blueprint.nodes[0]?.data.blueprint?.baseUrl, "https://example.com/flows/child.json");
 * ```
 */
export async function validateBlueprint(
  input: unknown,
  options: ValidateBlueprintOptions = {},
): Promise<ValidBlueprint> {
  // Loaded on first use: the checks cost an import of the package nothing.
  const { validate } = await import("./_validate_blueprint.ts");
  return await validate(input, options);
}
