import { MemoryClient as NewMemoryClient } from "@atomiton/storage";
import { installBufferApi } from "./_buffer_api.ts";
import { deprecated } from "./_deprecation.ts";
import type { IStorageClient } from "./base_storage_client.ts";

/**
 * The old in-memory client: `read`/`write` of bytes, on the new `MemoryClient`
 * (whose `get`/`set`/`has`/`keys` work too, on the same entries).
 *
 * @deprecated Use `MemoryClient` from `@atomiton/storage`: `get`/`set` of JSON values or bytes.
 *
 * @example
 * ```ts
 * import { MemoryClient } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const client = new MemoryClient();
 * await client.initialize();
 * await client.write("greeting", new TextEncoder().encode("hi"));
 * assert.equal(new TextDecoder().decode((await client.read("greeting"))!), "hi");
 * assert.deepEqual(await client.list(), ["greeting"]);
 * ```
 */
export class MemoryClient extends NewMemoryClient {
  /** Makes an empty client. */
  constructor() {
    deprecated("MemoryClient", "MemoryClient from @atomiton/storage");
    super();
  }

  /** Empties the client, as the old one did. */
  async cleanup(): Promise<void> {
    await this.clear();
  }

  /**
   * What is stored: the number of entries, their total size and their keys.
   *
   * @returns The counts and keys.
   */
  async getStats(): Promise<{ entries: number; totalSize: number; keys: string[] }> {
    const keys = await this.keys();
    return { entries: keys.length, totalSize: await this.getTotalSize(), keys };
  }
}

/** The old buffer methods, added below. */
export interface MemoryClient extends Omit<IStorageClient, "delete" | "clear" | "cleanup"> {}
installBufferApi(MemoryClient);
