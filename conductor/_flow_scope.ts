// What the translation of a flow shares, and how its problems are named.
import type { FlowType } from "./_flow_types.ts";
import { type Json, quote } from "./_validate_common.ts";
import type { SandboxPermissions } from "./node_executor.ts";
import type { NodeTypeRuntime } from "./node_type.ts";

/** What the translation of one flow shares. */
export interface FlowContext {
  readonly types: ReadonlyMap<string, FlowType>;
  readonly base: URL | undefined;
  readonly runtime: NodeTypeRuntime;
  /** What code from the flow may do (its `settings.sandbox`). */
  readonly sandbox: SandboxPermissions;
  readonly problems: string[];
  /** The types' `check` hooks under way: each resolves to a problem or `undefined`. */
  readonly checks: Promise<string | undefined>[];
  /** Translates a container's nested graph (passed in, so containers need no import cycle). */
  readonly graph: (raw: Json, scope: FlowScope) => Graph;
}

/** What a node inherits from the containers around it. */
export interface NodeDefaults {
  readonly timeout?: number | undefined;
  readonly onError?: "continue" | undefined;
}

/** One graph of the flow (the top one or a container's). */
export interface FlowScope {
  readonly context: FlowContext;
  /** The container's path (`outer/inner`), `""` at the top. */
  readonly path: string;
  /** 0 at the top, 1 inside a container, and so on. */
  readonly depth: number;
  readonly defaults: NodeDefaults;
}

/** Nodes and edges of a graph, translated. */
export interface Graph {
  readonly nodes: Json[];
  readonly edges: Json[];
}

/** Records a problem of the graph, naming the container it is in. */
export function report(scope: FlowScope, text: string): void {
  scope.context.problems.push(scope.path === "" ? text : `in node ${quote(scope.path)}: ${text}`);
}

/** The path of node `id` in the flow: `outer/inner/id`. */
export const pathOf = (scope: FlowScope, id: string): string =>
  scope.path === "" ? id : `${scope.path}/${id}`;

/** Records a problem of node `id`, named by its path. */
export function nodeReport(scope: FlowScope, id: string, text: string): void {
  scope.context.problems.push(`node ${quote(pathOf(scope, id))}: ${text}`);
}
