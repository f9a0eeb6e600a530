/**
 * The transform node's task module, as source: plain JavaScript sent as a `data:`
 * URL, so that a sandboxed worker (no permission at all) can load it. It loads the
 * flow's function with `import("data:...")`: no eval, no `new Function`. The
 * sandbox, not this code, keeps the flow's function from what it may not touch.
 */
const SOURCE = `
const loaded = new Map();
// The platform's plain expressions ("item.name"): a property path from the item.
const PATH = /^(\\w+)(\\.[\\w.]+)?$/;
const DEFAULT_LIMIT = 10;

function fail(code, message, cause) {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.code = code;
  return error;
}

const describe = (error) => error instanceof Error ? error.message : String(error);
const thenable = (value) =>
  value !== null && (typeof value === "object" || typeof value === "function") &&
  typeof value.then === "function";

function pathOf(code) {
  const match = PATH.exec(code.trim());
  if (!match) return undefined;
  const steps = match[2] ? match[2].slice(1).split(".") : [];
  return (item) => {
    if (match[1] !== "item") return undefined;
    let value = item;
    for (const step of steps) {
      if (value === null || typeof value !== "object" || !Object.hasOwn(value, step)) return undefined;
      value = value[step];
    }
    return value;
  };
}

// The flow's code as the default export of a module of its own ("\\n": a trailing comment stays one).
async function load(key, source, what) {
  let loading = loaded.get(key);
  if (!loading) {
    loading = import("data:text/javascript," + encodeURIComponent(source)).then((m) => m.default);
    loaded.set(key, loading);
  }
  let fn;
  try {
    fn = await loading;
  } catch (error) {
    throw fail("TRANSFORM_FUNCTION", what + " is not valid JavaScript: " + describe(error), error);
  }
  if (typeof fn !== "function") {
    throw fail("TRANSFORM_FUNCTION", what + " is not a function (it is " + typeof fn + ").");
  }
  return fn;
}

function loadFunction(code, operation) {
  const what = 'The transformFunction of transform "' + operation + '"';
  if (typeof code !== "string" || code.trim() === "") {
    return Promise.reject(fail("TRANSFORM_FUNCTION", what + " is empty: give a function, such as item => item."));
  }
  return Promise.resolve(pathOf(code) ?? load(code, "export default (" + code + "\\n);", what));
}

// Calls the flow's function; an async one is awaited. Its failure fails the node, naming the item.
async function callEach(fn, args, operation) {
  const out = new Array(args.length);
  for (let i = 0; i < args.length; i++) out[i] = await callOne(fn, args[i], operation, i);
  return out;
}

function callOne(fn, arg, operation, index) {
  const failed = (error) =>
    fail("TRANSFORM_FUNCTION", 'Transform "' + operation + '" failed on item ' + index + ": " + describe(error), error);
  let value;
  try {
    value = fn(arg);
  } catch (error) {
    throw failed(error);
  }
  return thenable(value) ? Promise.resolve(value).catch((error) => { throw failed(error); }) : value;
}

function initialValue(text) {
  try {
    return JSON.parse(text);
  } catch {
    if (text === "") return "";
    const number = Number(text);
    return Number.isNaN(number) ? text : number;
  }
}

const own = (item, key) =>
  item !== null && typeof item === "object" && Object.hasOwn(item, key) ? item[key] : undefined;

function compare(a, b) {
  const x = Number(a), y = Number(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x < y ? -1 : x > y ? 1 : 0;
  const s = String(a), t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function sortList(data, key, direction) {
  const value = key ? (item) => own(item, key) : (item) => item;
  const sign = direction === "desc" ? -1 : 1;
  return [...data].sort((a, b) => sign * compare(value(a), value(b)));
}

// Keys come from the data: a null-prototype object keeps "__proto__" a group like any other.
function groupList(data, key) {
  const groups = Object.create(null);
  for (const item of data) {
    const name = String(own(item, key));
    (groups[name] ??= []).push(item);
  }
  return groups;
}

function uniqueList(data) {
  const seen = new Set();
  const out = [];
  for (const item of data) {
    const key = JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(key === undefined ? item : JSON.parse(key));
  }
  return out;
}

async function reduceList(data, code, initial, operation) {
  const fn = await loadFunction(code, operation);
  let acc = initialValue(initial ?? "");
  for (let index = 0; index < data.length; index++) {
    acc = await callOne(fn, { acc, item: data[index], index }, operation, index);
  }
  return acc;
}

async function apply(operation, data, p, code) {
  switch (operation) {
    case "map": return callEach(await loadFunction(code, operation), data, operation);
    case "filter": {
      const keep = await callEach(await loadFunction(code, operation), data, operation);
      return data.filter((_, i) => keep[i]);
    }
    case "reduce": return reduceList(data, code, p.reduceInitial, operation);
    case "sort": return sortList(data, p.sortKey, p.sortDirection);
    case "group": {
      const key = p.groupKey || p.sortKey;
      if (!key) throw fail("INVALID_PARAMETER", 'Transform "group" needs groupKey (or sortKey): the field to group by.');
      return groupList(data, key);
    }
    case "flatten": return data.flat(p.flattenDepth ?? 1);
    case "unique": return uniqueList(data);
    case "reverse": return [...data].reverse();
    case "limit": return data.slice(0, p.limitCount ?? DEFAULT_LIMIT);
    case "skip": return data.slice(p.skipCount ?? 0);
    case "slice": return data.slice(p.sliceStart ?? 0, p.sliceEnd);
  }
  throw fail("INVALID_PARAMETER", 'Unknown transform operation "' + operation + '": expected map, filter, reduce, sort, group, flatten, unique, reverse, limit, skip or slice.');
}

// The input, or else the "data" parameter; one object is a list of one.
function listOf(input, data, operation) {
  const value = input ?? data ?? [];
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") return [value];
  throw fail("INVALID_INPUT", 'Transform "' + operation + '" needs a list (or one object) as its input; it got ' + typeof value + ".");
}

export async function transform(request) {
  const p = request.parameters ?? {};
  const operation = p.operation ?? "map";
  const data = listOf(request.input, p.data, operation);
  const code = typeof request.function === "string" && request.function !== "" ? request.function : p.transformFunction;
  // The transformed data itself, not the platform's { result, ... } wrapper: the next node reads it as is.
  return await apply(operation, data, p, code);
}

export async function condition(request) {
  const code = typeof request.code === "string" ? request.code : request.parameters?.condition;
  if (typeof code !== "string" || code.trim() === "") {
    throw fail("INVALID_PARAMETER", "A while loop's condition must be a JavaScript expression, such as index < 3.");
  }
  const source = "export default (index, previous, input, iteration, lastResult) => (" + code + "\\n);";
  const test = await load("condition:" + code, source, 'The while condition "' + code + '"');
  const index = request.index ?? 0;
  try {
    const value = test(index, request.previous, request.input, index, request.previous);
    return Boolean(thenable(value) ? await value : value);
  } catch (error) {
    throw fail("TRANSFORM_FUNCTION", 'The while condition "' + code + '" failed at iteration ' + index + ": " + describe(error), error);
  }
}
//# sourceURL=atomiton:transform.js
`;

/**
 * The transform node's task module, a `data:` URL that loads with no
 * permission: its export `transform` runs a flow's transform node
 * (`{ parameters, input }` to the transformed data: a list, or reduce's value,
 * or group's object of lists), and its export `condition` evaluates a while loop's condition
 * (`{ code, index, previous, input }`, or the condition in
 * `parameters.condition`, with `index`, `previous`, `input`, `iteration` and
 * `lastResult` in scope) to a boolean.
 *
 * @example Run a map in this thread (a flow runs it in a sandboxed worker)
 * ```ts
 * import { TRANSFORM_TASK_URL } from "@atomiton/conductor/nodes";
 * import assert from "node:assert/strict";
 *
 * const { transform, condition } = await import(TRANSFORM_TASK_URL);
 * const output = await transform({
 *   parameters: { operation: "map", transformFunction: "n => n * 2" },
 *   input: [1, 2, 3],
 * });
 * assert.deepEqual(output, [2, 4, 6]);
 * assert.equal(await condition({ code: "index < 3", index: 3 }), false);
 * ```
 */
export const TRANSFORM_TASK_URL = `data:text/javascript,${encodeURIComponent(SOURCE)}`;
