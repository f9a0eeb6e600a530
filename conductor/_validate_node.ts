import {
  type Checked,
  isObject,
  type Json,
  nodeProblem,
  problem,
  quote,
  type Scope,
  show,
} from "./_validate_common.ts";
import { MAX_ID } from "./_validate_limits.ts";
import { checkModule, MODULE_FORMS } from "./_validate_module.ts";
import { checkRetry } from "./_validate_retry.ts";
import { checkRepeat, type RepeatDraft } from "./_validate_repeat.ts";
import { loadSubBlueprint } from "./_validate_sub_blueprint.ts";
import type { NodeRetryPolicy } from "./validate_blueprint.ts";

/** A node whose own fields passed: what the blueprint's checks and its output need. */
export interface NodeDraft {
  readonly raw: Json;
  readonly data: Json;
  readonly module: URL | undefined;
  readonly retry: NodeRetryPolicy | undefined;
  /** The loaded sub-blueprint, when `data.blueprint` is set. */
  readonly child: Promise<Checked> | undefined;
  /** A problem with the module file, once looked for. */
  readonly exists: Promise<string | undefined> | undefined;
  /** `data.while.module`, resolved, and a problem with its file once looked for. */
  readonly repeat: RepeatDraft;
}

/** What is wrong with an id (of a node or an edge), or `undefined`. */
export function idProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") {
    return `must be a non-empty string, got ${show(value)}`;
  }
  // deno-lint-ignore no-control-regex -- control characters are exactly what is refused
  if (value.length > MAX_ID || /[\u0000-\u001f\u007f]/.test(value)) {
    return `must be 1 to ${MAX_ID} characters without control characters`;
  }
  return undefined;
}

const FIELDS_OF_DATA = [
  "module",
  "blueprint",
  "export",
  "input",
  "timeout",
  "retry",
  "onError",
  "map",
  "concurrency",
  "collect",
  "while",
  "discard",
  "sandbox",
];

/**
 * Checks one entry of `nodes`: its id (unique, no `/`), its fields and its
 * `data`; starts loading its sub-blueprint and looking for its module file.
 * Returns `undefined` when the node cannot be checked further.
 */
export function checkNode(
  raw: unknown,
  index: number,
  scope: Scope,
  firstIndex: Map<string, number>,
): NodeDraft | undefined {
  if (!isObject(raw)) {
    problem(
      scope,
      `nodes[${index}] must be an object { "id", "data": { "module" } }, got ${show(raw)}`,
    );
    return undefined;
  }
  const id = checkNodeId(raw.id, index, scope, firstIndex);
  if (id === undefined) return undefined;
  for (const field of ["type", "label"]) {
    if (raw[field] !== undefined && (typeof raw[field] !== "string" || raw[field] === "")) {
      nodeProblem(scope, id, `"${field}" must be a non-empty string, got ${show(raw[field])}`);
    }
  }
  const position = raw.position;
  if (
    position !== undefined &&
    !(isObject(position) && Number.isFinite(position.x) && Number.isFinite(position.y))
  ) {
    nodeProblem(scope, id, `"position" must be { "x": number, "y": number }`);
  }
  const misplaced = FIELDS_OF_DATA.filter((key) => Object.hasOwn(raw, key));
  if (!isObject(raw.data)) {
    nodeProblem(
      scope,
      id,
      misplaced.length > 0
        ? `${misplaced.map(quote).join(", ")} belong in "data": ` +
          `{ "data": { "module": "./task.js", "input": ... } }`
        : `"data" must be an object naming its task module: ` +
          `{ "data": { "module": "./task.js" } }, got ${show(raw.data)}`,
    );
    return undefined;
  }
  if (misplaced.length > 0) {
    nodeProblem(scope, id, `${misplaced.map(quote).join(", ")} belong in "data"`);
  }
  return checkData(raw, raw.data, scope, id);
}

function checkNodeId(
  value: unknown,
  index: number,
  scope: Scope,
  firstIndex: Map<string, number>,
): string | undefined {
  const bad = idProblem(value);
  if (bad) return void problem(scope, `nodes[${index}]: "id" ${bad}`);
  const id = value as string;
  if (id.includes("/")) {
    return void problem(
      scope,
      `nodes[${index}]: "id" ${quote(id)} contains "/", which separates the node ids of ` +
        `sub-blueprints ("parent/child"); use another character`,
    );
  }
  const first = firstIndex.get(id);
  if (first !== undefined) {
    nodeProblem(
      scope,
      id,
      `the id is used by nodes[${first}] and nodes[${index}]; node ids must be unique`,
    );
    return undefined;
  }
  firstIndex.set(id, index);
  return id;
}

function checkData(raw: Json, data: Json, scope: Scope, id: string): NodeDraft {
  const own: string[] = [];
  if (data.export !== undefined && (typeof data.export !== "string" || data.export === "")) {
    own.push(
      `"data.export" must be the name of a function export, such as "default" or ` +
        `"transform", got ${show(data.export)}`,
    );
  }
  const timeout = data.timeout;
  if (
    timeout !== undefined &&
    !(Number.isInteger(timeout) && (timeout as number) >= 1 && (timeout as number) <= 2147483647)
  ) {
    own.push(
      `"data.timeout" must be a whole number of ms from 1 to 2147483647, got ${show(timeout)}`,
    );
  }
  const retry = data.retry === undefined ? undefined : checkRetry(data.retry, own);
  if (data.onError !== undefined && data.onError !== "fail" && data.onError !== "continue") {
    own.push(
      `"data.onError" must be "fail" (the run fails) or "continue" (its error flows on as ` +
        `{ "error": { "name", "message", "code" } }), got ${show(data.onError)}`,
    );
  }
  if (data.map !== undefined && (typeof data.map !== "string" || data.map === "")) {
    own.push(
      `"data.map" must name the input field whose array the task runs over, such as ` +
        `"items", got ${show(data.map)}`,
    );
  }
  const repeat = checkRepeat(data, scope, id, own);
  for (const text of own) nodeProblem(scope, id, text);
  return { raw, data, retry, repeat, ...task(data, scope, id) };
}

/** The node's task: exactly one of a module or a sub-blueprint. */
function task(
  data: Json,
  scope: Scope,
  id: string,
): Pick<NodeDraft, "module" | "child" | "exists"> {
  const hasModule = data.module !== undefined;
  const hasBlueprint = data.blueprint !== undefined;
  if (hasModule && hasBlueprint) {
    nodeProblem(
      scope,
      id,
      `"data" has both "module" and "blueprint"; a node runs one task module or one ` +
        `sub-blueprint, so remove one`,
    );
    return { module: undefined, child: undefined, exists: undefined };
  }
  if (!hasModule && !hasBlueprint) {
    nodeProblem(
      scope,
      id,
      `"data" must name its task: "module" (${MODULE_FORMS}) or "blueprint" (a sub-blueprint: ` +
        `its file's path or URL, or a blueprint object)`,
    );
    return { module: undefined, child: undefined, exists: undefined };
  }
  if (hasBlueprint) {
    return {
      module: undefined,
      child: loadSubBlueprint(data.blueprint, scope, id),
      exists: undefined,
    };
  }
  const { url, exists } = checkModule(data.module, scope, id);
  return { module: url, child: undefined, exists };
}
