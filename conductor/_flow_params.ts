// A flow node's parameters checked against its type's specs: kinds, limits, defaults, JSON and paths.
import { suggest } from "./_suggest.ts";
import { isObject, quote, show } from "./_validate_common.ts";
import { displayUrl, isAbsolutePath, isUrlText, toBaseUrl } from "./_validate_location.ts";
import type { ParameterSpec } from "./node_type.ts";

/** The parameters every type has (the platform's base schema); a type may narrow them. */
export const BASE_PARAMETERS: Readonly<Record<string, ParameterSpec>> = {
  enabled: {
    type: "boolean",
    description: "Whether the node runs (false: its input passes through)",
    default: true,
  },
  timeout: {
    type: "number",
    description: "Time limit in ms",
    default: 30000,
    min: 1,
    max: 2147483647,
    integer: true,
  },
  retries: {
    type: "number",
    description: "Tries after a failure",
    default: 1,
    min: 0,
    max: 99,
    integer: true,
  },
  label: { type: "string", description: "The node's label (default: its name)" },
  description: { type: "string", description: "What the node does, for people" },
};

/** What checking needs besides the specs: where paths resolve, how problems are named. */
export interface ParameterScope {
  /** The flow file's URL: relative paths resolve against its folder. */
  readonly base: URL | undefined;
  /** Records a problem of this node. */
  readonly report: (text: string) => void;
  /** The node's type name, for messages. */
  readonly type: string;
}

/** Checked parameters (defaults applied), or `undefined` when one is wrong (each reported). */
export function checkParameters(
  raw: unknown,
  specs: Readonly<Record<string, ParameterSpec>>,
  scope: ParameterScope,
): Record<string, unknown> | undefined {
  if (raw !== undefined && !isObject(raw)) {
    scope.report(`"parameters" must be an object, got ${show(raw)}`);
    return undefined;
  }
  const given = raw ?? {};
  const names = Object.keys(specs);
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(specs, name));
  let ok = unknown.length === 0;
  if (!ok) {
    const close = unknown.flatMap((name) => {
      const near = suggest(name, names);
      return near ? [`${quote(name)} → ${quote(near)}?`] : [];
    });
    scope.report(
      `${unknown.length === 1 ? "parameter" : "parameters"} ${unknown.map(quote).join(", ")} ${
        unknown.length === 1 ? "is not a parameter" : "are not parameters"
      } of type ${quote(scope.type)}${
        close.length ? ` (did you mean ${close.join(", ")})` : ""
      }; ` +
        `its parameters: ${names.map(quote).join(", ")}`,
    );
  }
  const entries: [string, unknown][] = [];
  for (const name of names) {
    const spec = specs[name]!;
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined || value === null) {
      if (spec.required) {
        ok = false;
        scope.report(`parameter ${quote(name)} is required: ${spec.description}`);
      } else if (spec.default !== undefined) entries.push([name, spec.default]);
      continue;
    }
    const checked = checkValue(name, value, spec, scope);
    if (checked === INVALID) ok = false;
    else entries.push([name, checked]);
  }
  // Object.fromEntries defines own properties: a parameter called "__proto__" stays data.
  return ok ? Object.fromEntries(entries) : undefined;
}

const INVALID = Symbol("invalid");

function checkValue(
  name: string,
  raw: unknown,
  spec: ParameterSpec,
  scope: ParameterScope,
): unknown {
  let value = raw;
  if (spec.json && spec.type !== "string" && typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      scope.report(
        `parameter ${quote(name)} must be ${kind(spec)} (or JSON text of one); its JSON does not ` +
          `parse: ${(error as Error).message}`,
      );
      return INVALID;
    }
  }
  const wrong = problemOf(value, spec);
  if (wrong !== undefined) {
    scope.report(`parameter ${quote(name)} must be ${wrong}, got ${show(value)}`);
    return INVALID;
  }
  if (spec.path && spec.type === "string" && value !== "") {
    return resolvePath(name, value as string, scope);
  }
  return value;
}

/** What `value` should have been, or `undefined` when it fits `spec`. */
function problemOf(value: unknown, spec: ParameterSpec): string | undefined {
  const expected = kind(spec);
  if (!isKind(value, spec.type)) return expected;
  if (spec.enum && !spec.enum.includes(value as string)) {
    return `one of ${spec.enum.map(quote).join(", ")}`;
  }
  if (spec.type === "number") {
    const n = value as number;
    if (spec.integer && !Number.isInteger(n)) return expected;
    if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
      return expected;
    }
  }
  const length = typeof value === "string" || Array.isArray(value) ? value.length : undefined;
  if (
    length !== undefined &&
    ((spec.min !== undefined && length < spec.min) || (spec.max !== undefined && length > spec.max))
  ) return expected;
  if (spec.items && (spec.type === "array" || spec.type === "object")) {
    const values = Object.values(value as object);
    if (!values.every((item) => isKind(item, spec.items!))) return expected;
  }
  return undefined;
}

function isKind(value: unknown, type: ParameterSpec["type"]): boolean {
  switch (type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    default:
      return typeof value === "boolean";
  }
}

/** How a message names what a spec allows: "a whole number from 1 to 10", "a string of 1 to 5 characters". */
function kind(spec: ParameterSpec): string {
  const range = spec.min !== undefined && spec.max !== undefined
    ? ` from ${spec.min} to ${spec.max}`
    : spec.min !== undefined
    ? ` of at least ${spec.min}`
    : spec.max !== undefined
    ? ` of at most ${spec.max}`
    : "";
  switch (spec.type) {
    case "number":
      return `${spec.integer ? "a whole number" : "a number"}${range}`;
    case "string":
      return `a string${range && ` (length${range})`}`;
    case "array":
      return `an array${spec.items ? ` of ${spec.items}s` : ""}${range && ` (length${range})`}`;
    case "object":
      return `an object${spec.items ? ` of ${spec.items}s` : ""}`;
    default:
      return `a ${spec.type}`;
  }
}

/** A path parameter as an absolute file path: a relative one resolves against the flow file's folder. */
function resolvePath(name: string, path: string, scope: ParameterScope): unknown {
  if (isUrlText(path)) {
    scope.report(`parameter ${quote(name)} must be a file path, got the URL ${quote(path)}`);
    return INVALID;
  }
  const resolved = flowPath(path, scope.base);
  if (resolved !== undefined) return resolved;
  scope.report(
    `parameter ${quote(name)} is the relative path ${quote(path)}, but the flow has no file ` +
      `folder to resolve it against; give an absolute path`,
  );
  return INVALID;
}

/**
 * `path` as an absolute file path: a relative one resolved against the flow
 * file's folder (or the working folder when the flow has no URL); `undefined`
 * when the flow is not a file.
 */
export function flowPath(path: string, flowUrl: URL | undefined): string | undefined {
  if (isAbsolutePath(path)) return path;
  const base = flowUrl ?? toBaseUrlOrUndefined();
  if (base?.protocol !== "file:") return undefined;
  // Escaped as a URL path would read them, so "%", "#" and "?" stay part of the name.
  const escaped = path.replace(/[%#?\n\r\t]|\\/g, (c) => encodeURIComponent(c));
  return displayUrl(new URL(escaped, base));
}

/** The working folder (`./` resolved), when this runtime has one. */
function toBaseUrlOrUndefined(): URL | undefined {
  try {
    return toBaseUrl("./");
  } catch {
    return undefined;
  }
}
