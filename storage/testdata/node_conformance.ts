// Runs the conformance suite and the link checks against the node:fs build on Node
// itself; bundled and started by file_system_client_test.ts, which asserts on the report.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileSystemClient } from "../fs_node.ts";
import { runConformance } from "./conformance.ts";
import { linkChecks } from "./fs_links.ts";

const root = await mkdtemp(join(tmpdir(), "atomiton-node-"));
let n = 0;
const report = await runConformance(() =>
  new FileSystemClient({ directory: join(root, String(n++)) })
);
await rm(root, { recursive: true });
const links = await linkChecks((directory) => new FileSystemClient({ directory })).then(
  () => "ok",
  (error) => String(error?.stack ?? error),
);
// deno-lint-ignore no-console -- the report is this script's output
console.log(JSON.stringify({ runtime: typeof Deno, report, links }));
