import { resolve } from "node:path";
import type { StorageClient } from "@atomiton/storage";
import type { Io } from "./io.ts";
import { CliError } from "../cli_error.ts";

/** A store opened from a `--store`-style location, and how to name it to the user. */
export interface OpenedStorage {
  readonly client: StorageClient;
  /** Where it is, for messages: `file:///…`, `redis://host:port`, `memory:`. */
  readonly location: string;
}

/** What `--store` accepts, for messages. */
export const STORAGE_LOCATIONS =
  "a folder path, file:///path, redis://[user:pass@]host:port[/db][?namespace=prefix:], or memory:";

/**
 * The atomiton home folder: `$ATOMITON_HOME`, else the parent of the default
 * store's folder (`<app data>/atomiton`; `$XDG_DATA_HOME` or `~/.local/share`
 * on Linux). Storage lives in its `storage/`, run logs in its `runs/`.
 */
export async function atomitonHome(io: Io): Promise<string> {
  const explicit = io.env("ATOMITON_HOME");
  if (explicit) return resolvePath(io.cwd, explicit);
  const { createStorageClient } = await import("@atomiton/storage/auto");
  // Nothing is opened: the client only knows its folder until its first call.
  const client = createStorageClient({ name: "atomiton" }) as { directory?: string };
  if (!client.directory) {
    throw new CliError("UNAVAILABLE", "No file-system store on this runtime: set ATOMITON_HOME.");
  }
  return client.directory.replace(/[\\/]storage$/, "");
}

/** `path` made absolute against `cwd`. */
export function resolvePath(cwd: string, path: string): string {
  return resolve(cwd, path);
}

/**
 * Opens a store from a location (see {@linkcode STORAGE_LOCATIONS}); the
 * default is the file-system store in the atomiton home. Backends load only
 * when named, so Redis's client is never loaded for a local store.
 */
export async function openStorage(location: string | undefined, io: Io): Promise<OpenedStorage> {
  const where = location ?? `${await atomitonHome(io)}/storage`;
  if (/^rediss?:\/\//i.test(where)) {
    const url = new URL(where);
    const namespace = url.searchParams.get("namespace");
    url.search = "";
    const { RedisStorageClient } = await import("@atomiton/storage/redis");
    const client = new RedisStorageClient({
      url: url.href,
      ...(namespace !== null ? { namespace } : {}),
    });
    return { client, location: `${url.protocol}//${url.host}${url.pathname.replace(/^\/$/, "")}` };
  }
  if (where === "memory:") {
    const { MemoryClient } = await import("@atomiton/storage");
    return { client: new MemoryClient(), location: "memory:" };
  }
  if (/^[a-z][a-z\d+.-]+:\/\//i.test(where) && !where.startsWith("file://")) {
    throw new CliError(
      "USAGE",
      `Unsupported store ${JSON.stringify(where)}: expected ${STORAGE_LOCATIONS}.`,
    );
  }
  const directory = where.startsWith("file://")
    ? decodeURIComponent(new URL(where).pathname)
    : resolvePath(io.cwd, where);
  const { FileSystemClient } = await import("@atomiton/storage/fs");
  return { client: new FileSystemClient({ directory }), location: `file://${directory}` };
}
