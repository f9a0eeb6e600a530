import type { NodeType, ParameterSpec } from "@atomiton/conductor";
import { positionals } from "../_common/args.ts";
import type { Command } from "../_common/command.ts";
import type { Style } from "../_common/style.ts";
import { suggest } from "../_common/suggest.ts";
import { CliError } from "../cli_error.ts";
import { loadNodeTypes, NODE_TYPES_OPTION } from "../_common/node_types.ts";

/** `atomiton nodes [type]`: the node types a flow can use, with their parameters. */
export const nodesCommand: Command = {
  name: "nodes",
  summary: "List the node types of flows, with their parameters and defaults",
  usage: "[type] [options]",
  description:
    "Without a type: one line per node type (built-in, and those of --node-types). With a\n" +
    "type: its parameters, each with its kind, default and limits. --json prints the same as\n" +
    "JSON: one object per line.",
  options: {
    json: { type: "boolean", description: "One JSON object per node type" },
    "node-types": NODE_TYPES_OPTION,
  },
  examples: ["atomiton nodes", "atomiton nodes transform", "atomiton nodes --json | jq .type"],
  async run(context): Promise<number> {
    const [name] = positionals(context, "nodes", ["type?"]);
    const { io, style } = context;
    const types = await loadNodeTypes(context.values["node-types"]);
    const shown = name === undefined ? types : [find(types, name)];
    if (context.values.json === true) {
      for (const type of shown) io.stdout(`${JSON.stringify(describe(type))}\n`);
      return 0;
    }
    if (name === undefined) {
      const width = Math.max(...types.map((type) => type.type.length));
      for (const type of types) {
        io.stdout(`${style.bold(type.type.padEnd(width))}  ${type.description}${where(type)}\n`);
      }
      io.stderr(style.dim(`details: atomiton nodes <type>\n`));
      return 0;
    }
    io.stdout(detail(shown[0]!, style));
    return 0;
  },
};

function find(types: readonly NodeType[], name: string): NodeType {
  const found = types.find((type) => type.type === name);
  if (found) return found;
  const near = suggest(name, types.map((type) => type.type));
  throw new CliError(
    "NOT_FOUND",
    `No node type "${name}"${near ? `; did you mean "${near}"?` : "."} The types: ${
      types.map((type) => type.type).join(", ")
    }.`,
  );
}

function where(type: NodeType): string {
  const runtimes = type.runtimes;
  const only = runtimes && runtimes.length < 3 ? ` (${runtimes.join(", ")} only)` : "";
  return `${only}${type.sandbox ? " [sandboxed]" : ""}`;
}

/** A node type as plain JSON: its check function and module left out. */
function describe(type: NodeType): Record<string, unknown> {
  return {
    type: type.type,
    description: type.description,
    runtimes: type.runtimes ?? ["deno", "node", "browser"],
    sandbox: type.sandbox === true,
    parameters: Object.fromEntries(Object.entries(type.parameters)),
  };
}

function detail(type: NodeType, style: Style): string {
  const lines = [`${style.bold(type.type)}: ${type.description}${where(type)}`, ""];
  const entries = Object.entries(type.parameters);
  const width = Math.max(0, ...entries.map(([name]) => name.length));
  for (const [name, spec] of entries) {
    lines.push(`  ${name.padEnd(width)}  ${kind(spec)}  ${spec.description}`);
  }
  if (entries.length === 0) lines.push("  (no parameters)");
  return `${lines.join("\n")}\n`;
}

/** `string, one of a | b, default "a"`: a parameter's kind, limits and default. */
function kind(spec: ParameterSpec): string {
  const parts: string[] = [spec.integer ? "integer" : spec.type];
  if (spec.items) parts[0] += ` of ${spec.items}`;
  if (spec.enum) parts.push(`one of ${spec.enum.join(" | ")}`);
  if (spec.min !== undefined) parts.push(`min ${spec.min}`);
  if (spec.max !== undefined) parts.push(`max ${spec.max}`);
  if (spec.required) parts.push("required");
  if (spec.default !== undefined) parts.push(`default ${JSON.stringify(spec.default)}`);
  if (spec.path) parts.push("a path");
  if (spec.code) parts.push("code, sandboxed");
  return `(${parts.join(", ")})`;
}
