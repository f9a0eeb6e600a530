import type { ValidBlueprint } from "./validate_blueprint.ts";

/** A JSON object as parsed: its keys are outside strings, read only with own-property checks. */
export type Json = Record<string, unknown>;

/** What one whole validation shares, its sub-blueprints included. */
export interface Validation {
  readonly checkModules: boolean;
  readonly allowRemoteModules: boolean;
  readonly readText: (url: URL) => Promise<string>;
  /** Each file's text, read once however often it is included. */
  readonly texts: Map<string, Promise<string>>;
  /** Nodes counted so far over every blueprint of the tree. */
  nodes: number;
  /** Checks one blueprint of the tree (passed in, so sub-blueprint loading needs no import cycle). */
  readonly check: (value: unknown, scope: Scope) => Promise<Checked>;
}

/** One blueprint of the tree being checked: where it came from and how messages name it. */
export interface Scope {
  readonly validation: Validation;
  /** What relative paths resolve against, and the blueprint's `baseUrl`. */
  readonly base: URL | undefined;
  /** The files included on the way here, outermost first: one of them again is a cycle. */
  readonly files: readonly URL[];
  /** The including node's path (`outer/inner`), `""` for the top blueprint. */
  readonly path: string;
  /** How messages name this sub-blueprint (its reference as written). */
  readonly label: string;
  /** 0 for the top blueprint, 1 for its sub-blueprints, and so on. */
  readonly depth: number;
  /** Whether anything on the way here came from the network: then no `file:` blueprint may follow. */
  readonly remote: boolean;
  /** The id when the blueprint has none. */
  readonly defaultId: string;
  /** Every problem found in this blueprint (and, once loaded, in its sub-blueprints). */
  readonly problems: string[];
}

/** A blueprint checked: the result when it had no problem. */
export interface Checked {
  readonly blueprint: ValidBlueprint | undefined;
  readonly problems: readonly string[];
}

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A value as a message shows it: short, and never the content of an object. */
export const show = (value: unknown): string =>
  value === undefined
    ? "nothing"
    : Array.isArray(value)
    ? "an array"
    : value === null
    ? "null"
    : typeof value === "object"
    ? "an object"
    : typeof value === "number" && !Number.isFinite(value)
    ? String(value)
    : typeof value === "string" && value.length > 80
    ? `${JSON.stringify(value.slice(0, 80))}...`
    : typeof value === "bigint" || typeof value === "symbol" || typeof value === "function"
    ? `a ${typeof value}`
    : JSON.stringify(value);

export const quote = (text: string): string => JSON.stringify(text);

/** The path of a node in the tree: `outer/inner/id`. */
export const nodePath = (scope: Scope, id: string): string =>
  scope.path === "" ? id : `${scope.path}/${id}`;

/** A problem of node `id`, named by its path. */
export const nodeText = (scope: Scope, id: string, text: string): string =>
  `node ${quote(nodePath(scope, id))}: ${text}`;

/** Records a problem of node `id`, named by its path. */
export function nodeProblem(scope: Scope, id: string, text: string): void {
  scope.problems.push(nodeText(scope, id, text));
}

/** Records a problem of the blueprint itself, naming the sub-blueprint it is in. */
export function problem(scope: Scope, text: string): void {
  scope.problems.push(
    scope.path === ""
      ? text
      : `sub-blueprint of node ${quote(scope.path)} (${scope.label}): ${text}`,
  );
}
