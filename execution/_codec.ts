// Errors as plain data, to cross a worker boundary or Redis (JSON) and come back
// with their name, message, stack, code and cause.

/** An error or a thrown value, as plain data. */
export interface PackedError {
  /** True when the value was an Error (anything with a string name and message). */
  e: boolean;
  /** The thrown value itself, when it was not an Error. */
  value?: unknown;
  name?: string;
  message?: string;
  stack?: string | undefined;
  code?: unknown;
  cause?: PackedError;
}

// A Map: the name comes from the worker, and "constructor" or "__proto__" is just a name.
const BUILT_IN: ReadonlyMap<string, ErrorConstructor> = new Map(
  [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError].map((
    type,
  ) => [type.name, type]),
);

/** Packs an error (with its cause chain, up to 8 deep) or any thrown value. */
export function packError(error: unknown, depth = 0): PackedError {
  const e = error as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
  if (
    error === null || typeof error !== "object" || typeof e.message !== "string" ||
    typeof e.name !== "string"
  ) {
    return { e: false, value: error };
  }
  const packed: PackedError = {
    e: true,
    name: e.name,
    message: e.message,
    stack: typeof e.stack === "string" ? e.stack : undefined,
  };
  if (e.code !== undefined) packed.code = e.code;
  if (depth < 8 && "cause" in e) packed.cause = packError(e.cause, depth + 1);
  return packed;
}

/** Rebuilds what {@linkcode packError} packed: a built-in error class where the name is one. */
export function unpackError(packed: PackedError): unknown {
  if (!packed.e) return packed.value;
  const name = packed.name ?? "Error";
  const options = packed.cause ? { cause: unpackError(packed.cause) } : undefined;
  const error = new (BUILT_IN.get(name) ?? Error)(packed.message, options) as Error & {
    code?: unknown;
  };
  if (error.name !== name) error.name = name;
  if (packed.stack !== undefined) error.stack = packed.stack;
  if (packed.code !== undefined) error.code = packed.code;
  return error;
}
