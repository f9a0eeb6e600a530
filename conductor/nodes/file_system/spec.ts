import type { BuiltinSpec } from "../_spec.ts";

/** The `file-system` node type: reads, writes and manages files and folders. */
export const spec: BuiltinSpec = {
  type: "file-system",
  description: "Reads, writes, lists, checks, creates, deletes, copies and moves files and folders",
  task: "fileSystem",
  runtimes: ["deno", "node"],
  needs: "a file system",
  parameters: {
    operation: {
      type: "string",
      enum: ["read", "write", "list", "exists", "create", "delete", "copy", "move"],
      default: "read",
      description: "What to do: read, write, list, exists, create (a folder), delete, copy, move",
    },
    path: {
      type: "string",
      path: true,
      required: true,
      min: 1,
      description: "The file or folder (a `path` input port overrides it)",
    },
    content: {
      type: "string",
      description:
        "write: the text to write, {{…}} placeholders filled from the input; absent or empty: the input itself (objects as JSON)",
    },
    targetPath: {
      type: "string",
      path: true,
      description: "copy, move: the destination (a `targetPath` input port overrides it)",
    },
    recursive: {
      type: "boolean",
      default: false,
      description:
        "list: walk sub-folders; create: make missing parents; delete: a folder and all inside",
    },
    encoding: {
      type: "string",
      enum: [
        "utf8",
        "utf-8",
        "ascii",
        "latin1",
        "binary",
        "base64",
        "base64url",
        "hex",
        "utf16le",
        "ucs2",
      ],
      default: "utf8",
      description: "read: how the file's bytes become text; write: how the text becomes bytes",
    },
    createDirectories: {
      type: "boolean",
      default: false,
      description: "write, copy, move: create the destination's missing folders",
    },
    overwrite: {
      type: "boolean",
      default: false,
      description: "write, copy, move: replace a destination that exists (else the node fails)",
    },
    fullPaths: {
      type: "boolean",
      default: false,
      description: "list: absolute paths instead of paths relative to the listed folder",
    },
  },
};
