// One flow node as a conductor node: its type's task, checked parameters, and how it runs.
import { containerData } from "./_flow_container.ts";
import { BASE_PARAMETERS, checkParameters } from "./_flow_params.ts";
import { type FlowScope, nodeReport, pathOf, report } from "./_flow_scope.ts";
import type { FlowType } from "./_flow_types.ts";
import type { ParameterSpec } from "./node_type.ts";
import { suggest } from "./_suggest.ts";
import { isObject, type Json, quote, show } from "./_validate_common.ts";

/** A disabled node's task: its input passes through. */
const PASS_THROUGH = `data:text/javascript,${
  encodeURIComponent("export default ({ input }) => input;")
}`;

const RUNTIME_NAMES = { deno: "Deno", node: "Node.js", browser: "a browser" } as const;

/** The conductor node for flow node `raw`, or `undefined` (its problems reported). */
export function translateNode(
  raw: unknown,
  index: number,
  scope: FlowScope,
  fedInputs: ReadonlyMap<string, string>,
): Json | undefined {
  if (!isObject(raw) || typeof raw.id !== "string" || raw.id === "") {
    return void report(
      scope,
      `nodes[${index}] must be an object with an "id" string, got ${
        show(isObject(raw) ? raw.id : raw)
      }`,
    );
  }
  const id = raw.id;
  const type = typeOf(raw, id, scope);
  if (type === undefined || !runsOn(raw, type, scope)) return undefined;
  const specs = { ...type.parameters, ...withoutOwn(BASE_PARAMETERS, type.parameters) };
  const all = checkParameters(raw.parameters, specs, {
    base: scope.context.base,
    type: type.type,
    report: (text) => nodeReport(scope, id, text),
  });
  if (all === undefined || !runsHere(raw, type, all, scope)) return undefined;
  const { enabled, timeout, retries, label, description: _description, ...parameters } = all;
  const explicit = isObject(raw.parameters) && Object.hasOwn(raw.parameters, "timeout");
  const data = enabled === false
    ? { module: PASS_THROUGH }
    : type.container
    ? containerData(raw, type, parameters, scope, fedInputs.has(id))
    : taskData(type, parameters, scope, id);
  if (data === undefined) return undefined;
  return {
    id,
    type: type.type,
    ...(typeof (label ?? raw.name) === "string" && (label ?? raw.name) !== ""
      ? { label: label ?? raw.name }
      : {}),
    ...(raw.position === undefined ? {} : { position: raw.position }),
    data: {
      ...data,
      timeout: explicit ? timeout : data.timeout ?? scope.defaults.timeout ?? timeout,
      retry: raw.retry ?? { maxAttempts: (retries as number) + 1 },
      ...(raw.onError ?? scope.defaults.onError
        ? { onError: raw.onError ?? scope.defaults.onError }
        : {}),
    },
  };
}

function typeOf(raw: Json, id: string, scope: FlowScope): FlowType | undefined {
  const types = scope.context.types;
  const name = raw.type;
  const type = typeof name === "string" && types.has(name) ? types.get(name) : undefined;
  if (type) return type;
  const close = typeof name === "string" ? suggest(name, types.keys()) : undefined;
  nodeReport(
    scope,
    id,
    `"type" ${show(name)} is not a node type${close ? ` (did you mean ${quote(close)}?)` : ""}; ` +
      `the types: ${[...types.keys()].map(quote).join(", ")}`,
  );
  return undefined;
}

/**
 * Whether the type, and the file paths the node gives, can run on the flow's runtime: asked
 * before its parameters are checked, since a path has nothing to resolve against in a browser.
 */
function runsOn(raw: Json, type: FlowType, scope: FlowScope): boolean {
  const { runtime } = scope.context;
  const id = raw.id as string;
  if (type.runtimes && !type.runtimes.includes(runtime)) {
    nodeReport(
      scope,
      id,
      `type ${quote(type.type)} does not run on ${RUNTIME_NAMES[runtime]}, which this flow runs ` +
        `on; it runs on ${type.runtimes.map((r) => RUNTIME_NAMES[r]).join(" and ")}` +
        (type.needs ? ` (it needs ${type.needs})` : ""),
    );
    return false;
  }
  const given = isObject(raw.parameters) ? raw.parameters : {};
  const path = Object.keys(type.parameters).find((name) =>
    type.parameters[name]!.path && Object.hasOwn(given, name) &&
    typeof given[name] === "string" && given[name] !== ""
  );
  if (runtime === "browser" && path !== undefined) {
    nodeReport(
      scope,
      id,
      `parameter ${quote(path)} is a file path, and a browser has no file system; give the ` +
        `data itself instead`,
    );
    return false;
  }
  return true;
}

/** Starts the type's own check of the node's parameters, if it has one. */
function runsHere(raw: Json, type: FlowType, parameters: Json, scope: FlowScope): boolean {
  const { checks } = scope.context;
  const id = raw.id as string;
  const where = `node ${quote(pathOf(scope, id))}`;
  if (type.check) {
    checks.push(
      type.check(parameters).then(
        (problem) => problem && `${where}: ${problem}`,
        (error) =>
          `${where}: type ${quote(type.type)} cannot run: ${(error as Error)?.message ?? error}`,
      ),
    );
  }
  return true;
}

/** A task node's data: the type's module and export, its parameters, its sandbox when it runs flow code. */
function taskData(type: FlowType, parameters: Json, scope: FlowScope, _id: string): Json {
  const code = Object.keys(type.parameters).some((name) =>
    type.parameters[name]!.code && parameters[name] !== undefined
  );
  return {
    module: type.module,
    ...(type.export === undefined ? {} : { export: type.export }),
    input: { parameters },
    ...(type.sandbox || code ? { sandbox: scope.context.sandbox } : {}),
  };
}

/** The base parameters a type does not narrow itself. */
const withoutOwn = (
  base: Readonly<Record<string, ParameterSpec>>,
  own: Readonly<Record<string, ParameterSpec>>,
): Record<string, ParameterSpec> =>
  Object.fromEntries(Object.entries(base).filter(([name]) => !Object.hasOwn(own, name)));
