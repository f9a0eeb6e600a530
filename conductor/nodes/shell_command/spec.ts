import type { BuiltinSpec } from "../_spec.ts";

/** The `shell-command` node type: runs a program, no shell unless asked. */
export const spec: BuiltinSpec = {
  type: "shell-command",
  description:
    "Runs a program with arguments (no shell unless `shell`); outputs exit code, stdout, stderr",
  task: "shellCommand",
  runtimes: ["deno", "node"],
  needs: "to start processes",
  parameters: {
    program: {
      type: "string",
      required: true,
      min: 1,
      description:
        "The program (a name on PATH or a path); with `shell`, the command line for sh -c",
    },
    args: {
      type: "array",
      items: "string",
      json: true,
      default: [],
      description: "Its arguments, passed as they are (with `shell`, as $1, $2, …)",
    },
    stdin: { type: "string", description: "Text written to its standard input" },
    captureOutput: {
      type: "boolean",
      default: true,
      description: "Put stdout and stderr in the output (else they are read and dropped)",
    },
    shell: {
      type: "boolean",
      default: false,
      description:
        "Run `program` as a command line through sh -c (only when you need pipes or globs)",
    },
    allowFailure: {
      type: "boolean",
      default: false,
      description: "Output a non-zero exit instead of failing the node with EXIT_CODE",
    },
    workingDirectory: {
      type: "string",
      path: true,
      description: "The folder it runs in (default: the worker's working folder)",
    },
  },
};
