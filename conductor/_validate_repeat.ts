import { checkModule } from "./_validate_module.ts";
import { isObject, type Json, type Scope, show } from "./_validate_common.ts";
import { checkSandbox, unknownFields } from "./_validate_fields.ts";

/** The most iterations a `while` may ask for. */
export const MAX_ITERATIONS = 10_000;

const COLLECT: ReadonlyMap<unknown, string> = new Map([
  ["sinks", "its sink nodes' outputs by id, the default"],
  ["array", "its sink nodes' outputs in node order"],
  ["single", "the output of its one sink node"],
]);
const WHILE_FIELDS = ["module", "export", "input", "max"];
const WHILE_SHAPE =
  `{ "module", "export"?, "input"?, "max" } (the condition task, run before each iteration, and ` +
  `the most iterations, 1 to ${MAX_ITERATIONS})`;

/** What the checks of a node's flow fields found that the node's output needs. */
export interface RepeatDraft {
  /** `data.while.module`, resolved. */
  readonly whileModule: URL | undefined;
  /** A problem with that module's file, once looked for. */
  readonly whileExists: Promise<string | undefined> | undefined;
}

/**
 * Checks `concurrency`, `collect`, `while`, `discard` and `sandbox` of a
 * node's `data`: their values, and that each is on a node where it means
 * something. Pushes each problem into `own`.
 */
export function checkRepeat(data: Json, scope: Scope, id: string, own: string[]): RepeatDraft {
  const sub = data.blueprint !== undefined;
  const mapped = data.map !== undefined;
  const { concurrency, collect, discard, sandbox } = data;
  if (
    concurrency !== undefined && !(Number.isSafeInteger(concurrency) && concurrency as number >= 1)
  ) {
    own.push(
      `"data.concurrency" must be a whole number, 1 or more (at most that many elements, or ` +
        `sub-blueprint nodes, at once), got ${show(concurrency)}`,
    );
  } else if (concurrency !== undefined && !sub && !mapped) {
    own.push(
      `"data.concurrency" limits the elements of a mapped node ("map") or the nodes of a ` +
        `sub-blueprint; this node runs one task: remove it (the run's "concurrency" limits tasks)`,
    );
  }
  if (collect !== undefined) checkCollect(collect, sub, own);
  if (discard !== undefined && typeof discard !== "boolean") {
    own.push(`"data.discard" must be true or false, got ${show(discard)}`);
  } else if (discard === true && !mapped && data.while === undefined) {
    own.push(
      `"data.discard" applies with "map" or "while" (the output becomes { "count" } instead ` +
        `of every element's output); remove it`,
    );
  }
  if (sandbox !== undefined) checkSandbox(sandbox, own);
  if (sandbox !== undefined && sub && data.while === undefined) {
    own.push(
      `"data.sandbox" applies to a task module or a "while" condition; a sub-blueprint's nodes ` +
        `take their own "sandbox"`,
    );
  }
  return data.while === undefined
    ? { whileModule: undefined, whileExists: undefined }
    : checkWhile(data.while, sub, mapped, scope, id, own);
}

function checkCollect(collect: unknown, sub: boolean, own: string[]): void {
  if (!COLLECT.has(collect)) {
    const allowed = [...COLLECT].map(([name, what]) => `"${name}" (${what})`).join(", ");
    own.push(`"data.collect" must be one of ${allowed}, got ${show(collect)}`);
  } else if (!sub) {
    own.push(
      `"data.collect" says what a sub-blueprint node outputs; this node runs a task module: ` +
        `remove it`,
    );
  }
}

function checkWhile(
  value: unknown,
  sub: boolean,
  mapped: boolean,
  scope: Scope,
  id: string,
  own: string[],
): RepeatDraft {
  const none = { whileModule: undefined, whileExists: undefined };
  if (!sub) {
    own.push(
      `"data.while" repeats a sub-blueprint ("blueprint"); this node runs a task module: give ` +
        `the node a "blueprint" or remove "while"`,
    );
  } else if (mapped) {
    own.push(
      `"data.while" and "data.map" cannot both be set: a sub-blueprint node runs once per ` +
        `element ("map") or while a condition holds ("while")`,
    );
  }
  if (!isObject(value)) {
    own.push(`"data.while" must be ${WHILE_SHAPE}, got ${show(value)}`);
    return none;
  }
  unknownFields(value, WHILE_FIELDS, "data.while", WHILE_SHAPE, own);
  const { export: name, input, max } = value;
  if (name !== undefined && (typeof name !== "string" || name === "")) {
    own.push(`"data.while.export" must be the name of a function export, got ${show(name)}`);
  }
  if (input !== undefined && !isObject(input)) {
    own.push(
      `"data.while.input" must be an object (the condition gets its fields, with "index", ` +
        `"previous" and "input"), got ${show(input)}`,
    );
  }
  if (!(Number.isInteger(max) && max as number >= 1 && max as number <= MAX_ITERATIONS)) {
    own.push(
      `"data.while.max" must be a whole number from 1 to ${MAX_ITERATIONS} (the most ` +
        `iterations), got ${show(max)}`,
    );
  }
  const { url, exists } = checkModule(value.module, scope, id, "while.module");
  return { whileModule: url, whileExists: exists };
}
