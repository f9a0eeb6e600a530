/**
 * {@linkcode FileSystemClient}: a `StorageClient` in a folder, one file per
 * key, with atomic writes. On npm, Deno and Node.js each get their own build
 * (Deno's APIs, `node:fs`) through conditional exports; from JSR the runtime
 * is detected when the client first touches the disk.
 *
 * @example A store in a folder
 * ```ts
 * import { FileSystemClient } from "@atomiton/storage/fs";
 * import assert from "node:assert/strict";
 * import { mkdtemp, rm } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const directory = await mkdtemp(join(tmpdir(), "storage-"));
 * await using storage = new FileSystemClient({ directory });
 * await storage.set("report.pdf", new Uint8Array([37, 80, 68, 70]));
 * assert.equal((await storage.stat("report.pdf"))?.size, 4);
 * await rm(directory, { recursive: true });
 * ```
 *
 * @module
 */
export { FileSystemClient, type FileSystemClientOptions } from "./file_system_client.ts";
