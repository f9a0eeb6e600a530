import { StorageError } from "./storage_error.ts";

/** Whether a global scope has a file system this package can use: Deno, Node.js, Bun. */
export function hasFileSystem(scope: object = globalThis): boolean {
  const process = (scope as { process?: { versions?: { node?: unknown } } }).process;
  return "Deno" in scope || typeof process?.versions?.node === "string";
}

/** The error a `FileSystemClient` throws where there is no file system (a browser). */
export function noFileSystem(): StorageError {
  return new StorageError(
    "MISCONFIGURED",
    "FileSystemClient needs a file system (Deno, Node.js or Bun), and this runtime has none: " +
      'in a browser use createStorageClient() from "@atomiton/storage/auto" or IndexedDBClient ' +
      'from "@atomiton/storage/indexeddb".',
  );
}
