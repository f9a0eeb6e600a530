/**
 * `{{…}}` placeholders in flow parameters, filled the way Atomiton's platform
 * fills them (it renders with squirrelly, fields of the input in scope), but
 * without evaluating anything: a placeholder is a dotted path, nothing more.
 *
 * - `{{name}}`, `{{ a.b.0 }}`: a field of the input (own properties only, so
 *   `__proto__` or `constructor` render as "" unless the input has them).
 * - `{{$input}}`: the whole input; `{{$input.a}}` a field of it.
 * - `{{$now}}`: the time of the render, ISO 8601.
 * - A missing field renders as ""; a placeholder that is not a path (a
 *   squirrelly helper or filter, code) stays as it is.
 *
 * Values render as text: a string as it is, an array of strings joined by
 * newlines, other values as JSON. Unlike squirrelly, nothing is HTML-escaped:
 * these strings go to files, commands and requests, not to web pages.
 *
 * @module
 */

// `[^{}]*` then `}}`: linear on hostile text (no nested quantifiers to backtrack through).
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const PATH = /^[A-Za-z_$][\w$]*(?:\.[\w$]+)*$/;

/**
 * Fills the placeholders of `template` from `input`.
 *
 * @param template The text with `{{…}}` placeholders.
 * @param input The node's input: its fields fill `{{field}}`, the whole of it `{{$input}}`.
 * @param now The time `{{$now}}` renders as (ISO 8601). Default: now.
 * @returns The text with every path placeholder replaced.
 */
export function renderTemplate(
  template: string,
  input: unknown,
  now: string = new Date().toISOString(),
): string {
  if (!template.includes("{{")) return template;
  return template.replace(PLACEHOLDER, (whole, inner: string) => {
    const expression = inner.trim();
    if (!PATH.test(expression)) return whole;
    if (expression === "$now") return now;
    const path = expression.split(".");
    if (path[0] === "$input") return textOf(fieldAt(input, path, 1));
    return textOf(fieldAt(input, path, 0));
  });
}

/**
 * A value as text: a string as it is, an array of strings joined by newlines,
 * `undefined` as "", other values as JSON (or `String()` where JSON cannot hold them).
 *
 * @param value Any value.
 * @returns Its text.
 */
export function textOf(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.join("\n");
  }
  if (typeof value !== "object" || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    // A cycle or a BigInt inside: still say something rather than fail the node.
    return String(value);
  }
}

function fieldAt(value: unknown, path: readonly string[], from: number): unknown {
  let current = value;
  for (let index = from; index < path.length; index++) {
    if (typeof current !== "object" || current === null) return undefined;
    const key = path[index]!;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
