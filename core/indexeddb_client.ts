import {
  IndexedDBClient as NewIndexedDBClient,
  type IndexedDBClientOptions,
} from "@atomiton/storage/indexeddb";
import { installBufferApi } from "./_buffer_api.ts";
import { deprecated } from "./_deprecation.ts";
import type { IStorageClient } from "./base_storage_client.ts";

/**
 * The old browser client: `read`/`write` of bytes in the database
 * `AtomitonStorage`, on the new `IndexedDBClient`.
 *
 * @deprecated Use `IndexedDBClient` from `@atomiton/storage/indexeddb`.
 *
 * @example
 * ```ts ignore
 * import { IndexedDBClient } from "@atomiton/core";
 *
 * const client = new IndexedDBClient(); // in a browser
 * await client.write("draft", new TextEncoder().encode("{}"));
 * ```
 */
export class IndexedDBClient extends NewIndexedDBClient {
  /**
   * Opens the old database name unless told otherwise.
   *
   * @param options The new client's options.
   */
  constructor(options: IndexedDBClientOptions = {}) {
    deprecated("IndexedDBClient", "IndexedDBClient from @atomiton/storage/indexeddb");
    super({ database: "AtomitonStorage", ...options });
  }
}

/** The old buffer methods, added below. */
export interface IndexedDBClient extends Omit<IStorageClient, "delete" | "clear"> {}
installBufferApi(IndexedDBClient);
