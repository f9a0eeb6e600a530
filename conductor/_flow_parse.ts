// Blueprint and flow text: JSON, or YAML through the npm `yaml` package (loaded only for YAML).
import { isObject } from "./_validate_common.ts";
import { MAX_TEXT } from "./_validate_limits.ts";

/** Aliases a YAML document may expand (billion-laughs documents are refused). */
const MAX_ALIASES = 100;

/**
 * The value `input` holds: itself, the JSON or YAML in its text, or in its
 * bytes (which must be UTF-8). Problems go to `problems`; then `undefined`.
 */
export async function parseInput(input: unknown, problems: string[]): Promise<unknown> {
  let text = input;
  if (input instanceof Uint8Array) {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      problems.push(`its bytes are not UTF-8 text`);
      return undefined;
    }
  }
  if (typeof text !== "string") return input;
  if (text.length > MAX_TEXT) {
    problems.push(`it is ${text.length} characters long; a blueprint holds at most ${MAX_TEXT}`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // Text that starts like JSON is JSON with a mistake: its own message says where.
    if (/^\s*[[{"]/.test(text)) {
      problems.push(`it is not JSON (${(error as Error).message})`);
      return undefined;
    }
  }
  return await parseYaml(text, problems);
}

async function parseYaml(text: string, problems: string[]): Promise<unknown> {
  const { parseDocument } = await import("yaml");
  try {
    const document = parseDocument(text, { uniqueKeys: true });
    if (document.errors.length > 0) {
      // Each message's first line ends with "at line L, column C:".
      for (const error of document.errors.slice(0, 10)) {
        problems.push(
          `it is neither JSON nor YAML: ${error.message.split("\n")[0]!.replace(/:$/, "")}`,
        );
      }
      return undefined;
    }
    return document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Too many aliases (ReferenceError from yaml), or nesting past the stack (RangeError).
    problems.push(
      error instanceof RangeError
        ? `its YAML nests too deeply to read`
        : `its YAML cannot be read: ${(error as Error).message} (at most ${MAX_ALIASES} ` +
          `aliases are expanded)`,
    );
    return undefined;
  }
}

/**
 * Whether `value` is an Atomiton flow rather than a blueprint: a `group` with
 * `nodes`, or nodes that name a `type` and carry no `data`.
 */
export function isFlow(value: unknown): value is Record<string, unknown> {
  if (!isObject(value) || !Array.isArray(value.nodes)) return false;
  if (value.type === "group") return true;
  const nodes = value.nodes as unknown[];
  return nodes.length > 0 && nodes.every((node) => isObject(node) && node.data === undefined) &&
    nodes.some((node) => typeof (node as Record<string, unknown>).type === "string");
}
