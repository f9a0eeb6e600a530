import type { NodeType } from "../node_type.ts";

/**
 * A built-in node type as its folder declares it (`nodes/<type>/spec.ts`): its
 * task is either an export of the node library (`@atomiton/conductor/nodes`,
 * `nodes/mod.ts`), named by `task`, or a module of its own (a `data:` URL for
 * the sandboxed types, which must load without any permission).
 */
export type BuiltinSpec =
  & Omit<NodeType, "module" | "export">
  & (
    | { readonly task: string; readonly module?: undefined }
    | { readonly module: string; readonly export?: string; readonly task?: undefined }
  )
  & {
    /** Set on the types that hold child nodes: the flow translation builds them, not a task. */
    readonly container?: "group" | "loop" | "parallel" | undefined;
  };
