// The built-in node types' specs, one per folder of nodes/; the container types are built by the translation.
import type { NodeType } from "./node_type.ts";
import type { BuiltinSpec } from "./nodes/_spec.ts";
import { spec as editFields } from "./nodes/edit_fields/spec.ts";
import { spec as fileSystem } from "./nodes/file_system/spec.ts";
import { spec as group } from "./nodes/group/spec.ts";
import { spec as httpRequest } from "./nodes/http_request/spec.ts";
import { spec as image } from "./nodes/image/spec.ts";
import { spec as loop } from "./nodes/loop/spec.ts";
import { spec as parallel } from "./nodes/parallel/spec.ts";
import { spec as shellCommand } from "./nodes/shell_command/spec.ts";
import { spec as spreadsheet } from "./nodes/spreadsheet/spec.ts";
import { spec as transform } from "./nodes/transform/spec.ts";
import { nodesUrl } from "./_nodes_url.ts";

/** Every built-in type's spec, in the order `atomiton nodes` lists them. */
export const BUILTIN_SPECS: readonly BuiltinSpec[] = [
  editFields,
  transform,
  fileSystem,
  httpRequest,
  spreadsheet,
  image,
  shellCommand,
  loop,
  parallel,
  group,
];

/** A spec as a public `NodeType`: a `task` becomes an export of the node library. */
export function toNodeType(spec: BuiltinSpec): NodeType {
  const { task, container: _container, ...rest } = spec;
  return task === undefined ? rest as NodeType : { ...rest, module: nodesUrl(), export: task };
}
