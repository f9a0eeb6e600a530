/**
 * {@linkcode validateBlueprint}: checks a blueprint file before anything runs.
 *
 * @module
 */
import type { Blueprint, BlueprintEdge, BlueprintNode } from "@atomiton/store";
import { depths, findCycles } from "./_graph.ts";
import { suggest } from "../_common/suggest.ts";
import { CliError } from "../cli_error.ts";

export type { Blueprint, BlueprintEdge, BlueprintNode } from "@atomiton/store";

/**
 * What a blueprint node's `data` holds for `atomiton run`: the task module to
 * call and its input. Other fields (an editor's settings) are kept as they are.
 */
export interface TaskNodeData {
  /**
   * The task module: a path relative to the blueprint file (`./tasks/sum.js`),
   * or an absolute `file:`, `http:`, `https:` or `data:` URL. After
   * {@linkcode validateBlueprint}, always an absolute URL.
   */
  readonly module: string;
  /** The module's function export to call. Default: the default export. */
  readonly export?: string;
  /**
   * The task's input (JSON). When edges feed the node it must be an object
   * (or absent): each edge adds one key.
   */
  readonly input?: unknown;
  /** The node's time limit in ms (overrides `atomiton run --timeout`). */
  readonly timeout?: number;
}

/**
 * A checked blueprint: the `Blueprint` of `@atomiton/store` without its dates
 * (so `createBlueprintStore().getState().add(blueprint)` takes it), every
 * node's `data` a {@linkcode TaskNodeData} with an absolute module URL.
 */
export type ValidBlueprint = Omit<Blueprint, "created" | "modified">;

/** Options for {@linkcode validateBlueprint}. */
export interface ValidateBlueprintOptions {
  /**
   * The blueprint file's URL (or absolute path): relative module paths resolve
   * against it, the blueprint's id defaults to its file name, and messages name it.
   */
  readonly url?: string | URL | undefined;
  /** Whether to check that `file:` modules exist (default `true`). */
  readonly checkModules?: boolean | undefined;
  /**
   * Whether `http:` and `https:` task modules are allowed (default `false`): a
   * blueprint makes the runner load code from the network only when its caller
   * says so. Node.js cannot import them at all, so there they are always refused.
   */
  readonly allowRemoteModules?: boolean | undefined;
}

const MODULE_FORMS =
  "a path relative to the blueprint file or an absolute file:, http:, https: or data: URL";
const MAX_ID = 200;
/** Levels of nesting from the blueprint's top object: a deeper value would overflow a stack. */
const MAX_DEPTH = 64;
const MAX_NODES = 10_000;
const MAX_EDGES = 100_000;
/** Characters of blueprint text (64 Mi). */
const MAX_TEXT = 64 * 1024 * 1024;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const show = (value: unknown): string =>
  value === undefined
    ? "nothing"
    : Array.isArray(value)
    ? "an array"
    : value === null
    ? "null"
    : typeof value === "object"
    ? "an object"
    : JSON.stringify(value);

const quote = (text: string): string => JSON.stringify(text);

function idProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") {
    return `must be a non-empty string, got ${show(value)}`;
  }
  // deno-lint-ignore no-control-regex -- control characters are exactly what is refused
  if (value.length > MAX_ID || /[\u0000-\u001f\u007f]/.test(value)) {
    return `must be 1 to ${MAX_ID} characters without control characters`;
  }
  return undefined;
}

/** The Node APIs this file needs, loaded on first use: a static `node:` import costs Deno ~30 ms at start-up. */
let node:
  | (typeof import("node:url") & { stat: typeof import("node:fs/promises").stat })
  | undefined;

async function loadNodeApis(): Promise<void> {
  if (node) return;
  const [url, fs] = await Promise.all([import("node:url"), import("node:fs/promises")]);
  node = { ...url, stat: fs.stat };
}

/**
 * Checks a blueprint file's content before anything runs and returns it with
 * defaults filled in and module paths resolved; every problem found is listed
 * at once.
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
 *       "timeout": 60000                   // optional time limit in ms
 *     }
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
 * Limits: at most 64 Mi characters of text, 10,000 nodes, 100,000 edges, ids of
 * 1 to 200 characters, and 64 levels of nesting counted from the top object (so a
 * node's `data.input` nests at most 60 levels). An `http:` or `https:` module
 * needs `allowRemoteModules` (and is refused on Node.js, which cannot import it).
 *
 * Problems reported: not JSON or not this shape; a node id used twice; an edge
 * to a node that does not exist; a module that cannot be found (only `file:`
 * modules are checked; a missing export is found when the node runs); an
 * export name that is not a string; two edges filling the same input key; a
 * cycle, with the nodes on it; anything past the limits above.
 *
 * @param source The blueprint: JSON text, or the value `JSON.parse` gave.
 * @param options The file's URL (to resolve modules and name the blueprint), and
 * whether to check that modules exist.
 * @returns The checked blueprint.
 * @throws {CliError} `INVALID_BLUEPRINT`, with every problem in the message.
 *
 * @example Check a blueprint object
 * ```ts
 * import { validateBlueprint } from "@atomiton/cli";
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
 */
export async function validateBlueprint(
  source: unknown,
  options: ValidateBlueprintOptions = {},
): Promise<ValidBlueprint> {
  await loadNodeApis();
  const url = options.url === undefined ? undefined : toUrl(options.url);
  const where = url === undefined
    ? ""
    : ` ${url.protocol === "file:" ? node!.fileURLToPath(url) : url}`;
  const problems: string[] = [];
  const fail = (): never => {
    throw new CliError(
      "INVALID_BLUEPRINT",
      problems.length === 1
        ? `Invalid blueprint${where}: ${problems[0]}.`
        : `Invalid blueprint${where}, ${problems.length} problems:\n${
          problems.map((problem) => `  - ${problem}.`).join("\n")
        }`,
    );
  };
  let value = source;
  if (typeof source === "string") {
    if (source.length > MAX_TEXT) {
      problems.push(
        `it is ${source.length} characters long; a blueprint holds at most ${MAX_TEXT}`,
      );
      return fail();
    }
    try {
      value = JSON.parse(source);
    } catch (error) {
      problems.push(`it is not JSON (${(error as Error).message})`);
      return fail();
    }
  }
  const shape = `a JSON object with "nodes" (an array of { "id", "data": { "module" } }) ` +
    `and "edges" (an array of { "source", "target" })`;
  if (!isObject(value)) {
    problems.push(`expected ${shape}, got ${show(value)}`);
    return fail();
  }
  if (!Array.isArray(value.nodes)) {
    problems.push(
      `"nodes" must be an array of { "id", "data": { "module" } }, got ${show(value.nodes)}`,
    );
  }
  if (value.edges !== undefined && !Array.isArray(value.edges)) {
    problems.push(`"edges" must be an array of { "source", "target" }, got ${show(value.edges)}`);
  }
  if (problems.length > 0) return fail();
  const rawNodes = value.nodes as unknown[];
  const rawEdges = (value.edges ?? []) as unknown[];
  if (rawNodes.length === 0) problems.push(`"nodes" is empty: a blueprint needs at least one node`);
  problems.push(...sizeProblems(value, rawNodes.length, rawEdges.length));
  if (problems.length > 0) return fail();

  for (const field of ["id", "name", "description", "version", "author"]) {
    if (value[field] !== undefined && typeof value[field] !== "string") {
      problems.push(`"${field}" must be a string, got ${show(value[field])}`);
    }
  }
  if (
    value.tags !== undefined &&
    !(Array.isArray(value.tags) && value.tags.every((tag) => typeof tag === "string"))
  ) {
    problems.push(`"tags" must be an array of strings`);
  }
  if (value.metadata !== undefined && !isObject(value.metadata)) {
    problems.push(`"metadata" must be an object, got ${show(value.metadata)}`);
  }

  // Nodes: shape, unique ids, and module URLs.
  const nodes = new Map<string, { raw: Json; data: Json; module: URL | undefined }>();
  const firstIndex = new Map<string, number>();
  const moduleChecks: Promise<string | undefined>[] = [];
  rawNodes.forEach((raw, index) => {
    if (!isObject(raw)) {
      problems.push(
        `nodes[${index}] must be an object { "id", "data": { "module" } }, got ${show(raw)}`,
      );
      return;
    }
    const bad = idProblem(raw.id);
    if (bad) return void problems.push(`nodes[${index}]: "id" ${bad}`);
    const id = raw.id as string;
    const name = `node ${quote(id)}`;
    if (firstIndex.has(id)) {
      problems.push(
        `${name}: the id is used by nodes[${firstIndex.get(id)}] and nodes[${index}]; node ids ` +
          `must be unique`,
      );
      return;
    }
    firstIndex.set(id, index);
    for (const field of ["type", "label"]) {
      if (raw[field] !== undefined && (typeof raw[field] !== "string" || raw[field] === "")) {
        problems.push(`${name}: "${field}" must be a non-empty string, got ${show(raw[field])}`);
      }
    }
    const position = raw.position as Json | undefined;
    if (
      position !== undefined &&
      !(isObject(position) && Number.isFinite(position.x) && Number.isFinite(position.y))
    ) {
      problems.push(`${name}: "position" must be { "x": number, "y": number }`);
    }
    const misplaced = ["module", "export", "input", "timeout"].filter((key) => key in raw);
    if (!isObject(raw.data)) {
      problems.push(
        misplaced.length > 0
          ? `${name}: ${
            misplaced.map(quote).join(", ")
          } belong in "data": { "data": { "module": "./task.js", "input": ... } }`
          : `${name}: "data" must be an object naming its task module: ` +
            `{ "data": { "module": "./task.js" } }, got ${show(raw.data)}`,
      );
      return;
    }
    if (misplaced.length > 0) {
      problems.push(`${name}: ${misplaced.map(quote).join(", ")} belong in "data"`);
    }
    const data = raw.data;
    if (data.export !== undefined && (typeof data.export !== "string" || data.export === "")) {
      problems.push(
        `${name}: "data.export" must be the name of a function export, such as "default" or ` +
          `"transform", got ${show(data.export)}`,
      );
    }
    if (
      data.timeout !== undefined &&
      !(Number.isInteger(data.timeout) && (data.timeout as number) >= 1 &&
        (data.timeout as number) <= 2147483647)
    ) {
      problems.push(
        `${name}: "data.timeout" must be a whole number of ms from 1 to 2147483647, got ${
          show(data.timeout)
        }`,
      );
    }
    const module = resolveModule(data.module, url, name, problems, options.allowRemoteModules);
    nodes.set(id, { raw, data, module });
    if (module?.protocol === "file:" && options.checkModules !== false) {
      moduleChecks.push(checkFile(module, data.module as string, name));
    }
  });

  // Edges: shape, known ends, and one edge per input key.
  const edges: BlueprintEdge[] = [];
  const edgeIds = new Set<string>();
  const inputKeys = new Map<string, string>();
  rawEdges.forEach((raw, index) => {
    if (!isObject(raw)) {
      problems.push(`edges[${index}] must be an object { "source", "target" }, got ${show(raw)}`);
      return;
    }
    let broken = false;
    for (const end of ["source", "target"] as const) {
      const bad = idProblem(raw[end]);
      if (bad) {
        problems.push(`edges[${index}]: "${end}" ${bad}`);
        broken = true;
      }
    }
    for (const handle of ["sourceHandle", "targetHandle"] as const) {
      if (raw[handle] !== undefined && (typeof raw[handle] !== "string" || raw[handle] === "")) {
        problems.push(
          `edges[${index}]: "${handle}" must be a non-empty string, got ${show(raw[handle])}`,
        );
        broken = true;
      }
    }
    if (raw.id !== undefined && idProblem(raw.id)) {
      problems.push(`edges[${index}]: "id" ${idProblem(raw.id)}`);
      broken = true;
    }
    if (broken) return;
    const { source, target } = raw as { source: string; target: string };
    const id = (raw.id as string | undefined) ?? `${source}->${target}`;
    const name = `edge ${quote(id)}`;
    if (edgeIds.has(id)) {
      problems.push(
        raw.id === undefined
          ? `${name}: two edges join ${quote(source)} to ${
            quote(target)
          }; give them ids and different "targetHandle"s`
          : `${name}: the id is used twice; edge ids must be unique`,
      );
      return;
    }
    edgeIds.add(id);
    let known = true;
    for (const [end, node] of [["source", source], ["target", target]] as const) {
      if (nodes.has(node) || firstIndex.has(node)) continue;
      known = false;
      const close = suggest(node, firstIndex.keys());
      problems.push(
        `${name}: ${end} ${quote(node)} is not a node${
          close ? ` (did you mean ${quote(close)}?)` : ""
        }; nodes: ${[...firstIndex.keys()].map(quote).join(", ") || "none"}`,
      );
    }
    const edge: BlueprintEdge = {
      id,
      source,
      target,
      ...(raw.sourceHandle !== undefined ? { sourceHandle: raw.sourceHandle as string } : {}),
      ...(raw.targetHandle !== undefined ? { targetHandle: raw.targetHandle as string } : {}),
    };
    if (!known) return;
    edges.push(edge);
    const key = edge.targetHandle ?? source;
    const taken = inputKeys.get(`${target}\0${key}`);
    if (taken !== undefined) {
      problems.push(
        `node ${quote(target)}: edges ${quote(taken)} and ${quote(id)} both fill its input key ` +
          `${quote(key)}; give one of them another "targetHandle"`,
      );
    }
    inputKeys.set(`${target}\0${key}`, id);
    const input = nodes.get(target)?.data.input;
    if (isObject(input) && Object.hasOwn(input, key)) {
      problems.push(
        `${name} fills input key ${quote(key)} of node ${quote(target)}, which its ` +
          `"data.input" already sets; remove one or give the edge another "targetHandle"`,
      );
    }
  });

  for (const [id, { data }] of nodes) {
    if (data.input !== undefined && !isObject(data.input) && edges.some((e) => e.target === id)) {
      problems.push(
        `node ${quote(id)}: "data.input" must be an object (or absent) when edges feed it, ` +
          `since each edge adds a key; got ${show(data.input)}`,
      );
    }
  }
  const ids = [...firstIndex.keys()];
  for (const cycle of findCycles(ids, edges)) {
    problems.push(
      `cycle: ${
        [...cycle, cycle[0]!].map(quote).join(" → ")
      }; a node cannot wait for its own output, remove one of these edges`,
    );
  }
  for (const problem of await Promise.all(moduleChecks)) if (problem) problems.push(problem);
  if (problems.length > 0) return fail();

  const depth = depths(ids, edges);
  const rows = new Map<number, number>();
  const outNodes: BlueprintNode[] = ids.map((id) => {
    const { raw, data, module } = nodes.get(id)!;
    const column = depth.get(id)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return {
      id,
      type: (raw.type as string | undefined) ?? "task",
      position: (raw.position as { x: number; y: number } | undefined) ??
        { x: column * 240, y: row * 120 },
      data: { ...data, module: module!.href },
      ...(raw.label !== undefined ? { label: raw.label as string } : {}),
    };
  });
  const id = (value.id as string | undefined) ??
    (url?.pathname.split("/").pop()?.replace(/\.[^.]*$/, "") || "blueprint");
  return {
    id,
    name: (value.name as string | undefined) || id,
    description: (value.description as string | undefined) ?? "",
    version: (value.version as string | undefined) ?? "1.0.0",
    author: (value.author as string | undefined) ?? "",
    tags: (value.tags as string[] | undefined) ?? [],
    nodes: outNodes,
    edges,
    metadata: (value.metadata as Json | undefined) ?? {},
  };
}

function toUrl(location: string | URL): URL {
  if (location instanceof URL) return location;
  return /^[a-z][a-z\d+.-]+:/i.test(location) ? new URL(location) : node!.pathToFileURL(location);
}

function resolveModule(
  module: unknown,
  base: URL | undefined,
  name: string,
  problems: string[],
  allowRemote = false,
): URL | undefined {
  if (typeof module !== "string" || module === "") {
    problems.push(`${name}: "data.module" must be ${MODULE_FORMS}, got ${show(module)}`);
    return undefined;
  }
  let url: URL | undefined;
  if (/^[a-z][a-z\d+.-]+:/i.test(module)) {
    try {
      url = new URL(module);
    } catch {
      problems.push(
        `${name}: module ${quote(module)} is not a valid URL; it must be ${MODULE_FORMS}`,
      );
      return undefined;
    }
  } else if (base) {
    url = /^[a-z]:[\\/]/i.test(module) ? node!.pathToFileURL(module) : new URL(module, base);
  } else if (module.startsWith("/")) {
    url = node!.pathToFileURL(module);
  }
  if (url === undefined) {
    problems.push(
      `${name}: module ${quote(module)} is relative, but the blueprint has no file URL to ` +
        `resolve it against; give an absolute URL`,
    );
  } else if (!["file:", "http:", "https:", "data:"].includes(url.protocol)) {
    problems.push(`${name}: module ${quote(module)} must be ${MODULE_FORMS}`);
    return undefined;
  } else if (url.protocol === "http:" || url.protocol === "https:") {
    const refused = remoteProblem(allowRemote);
    if (refused) problems.push(`${name}: module ${quote(module)} ${refused}`);
  }
  return url;
}

// Code from the network runs with the runner's permissions: only on request, and only where it loads.
function remoteProblem(allowed: boolean): string | undefined {
  if (!("Deno" in globalThis)) {
    return "is on the network, and Node.js cannot import http: or https: modules; download " +
      "it and give its file path";
  }
  if (allowed) return undefined;
  return "is on the network: loading code from it needs --allow-remote-modules " +
    "(allowRemoteModules), or download it and give its file path";
}

/** Problems with the blueprint's size and nesting, each limit named. */
function sizeProblems(value: Json, nodes: number, edges: number): string[] {
  const problems: string[] = [];
  if (nodes > MAX_NODES) problems.push(`it has ${nodes} nodes; the most is ${MAX_NODES}`);
  if (edges > MAX_EDGES) problems.push(`it has ${edges} edges; the most is ${MAX_EDGES}`);
  if (depthOver(value, MAX_DEPTH)) {
    // Top-level fields are level 2, the items of its arrays (nodes, edges) level 3.
    const where = Object.keys(value).flatMap((key) => {
      const field = value[key];
      return Array.isArray(field)
        ? field.map((item, index) => [`${key}[${index}]`, item, MAX_DEPTH - 2] as const)
        : [[key, field, MAX_DEPTH - 1] as const];
    }).find(([, item, limit]) => depthOver(item, limit))?.[0];
    problems.push(
      `${where ? `${quote(where)} nests` : "it nests"} deeper than ${MAX_DEPTH} levels from ` +
        `the top; a blueprint nests at most ${MAX_DEPTH} (a node's "data.input" at most ${
          MAX_DEPTH - 4
        })`,
    );
  }
  return problems;
}

/**
 * Whether `value` nests more than `limit` levels (the top object is level 1);
 * without recursion, so depth itself cannot overflow the stack.
 */
function depthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    if (depth > limit) return true;
    seen.add(item);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

async function checkFile(url: URL, module: string, name: string): Promise<string | undefined> {
  const path = node!.fileURLToPath(url);
  try {
    if ((await node!.stat(path)).isFile()) return undefined;
    return `${name}: module ${quote(module)} is a folder (${path}), not a file`;
  } catch {
    return `${name}: module ${quote(module)} does not exist (looked for ${path}); it must be ` +
      MODULE_FORMS;
  }
}
