// A real MemoryClient that fails its next few calls, as a backend with a
// flaky link would, and counts every call it gets.
import { MemoryClient } from "../memory_client.ts";
import type { StorageClient } from "../storage_client.ts";

export class FlakyClient extends MemoryClient {
  /** How many of the next calls throw. */
  failures = 0;
  /** Calls received, by method. */
  readonly calls: Record<string, number> = {};

  constructor(readonly error: () => unknown = () => new Error("connection reset")) {
    super();
    for (
      const method of [
        "get",
        "set",
        "has",
        "delete",
        "keys",
        "clear",
        "getMany",
        "setMany",
        "deleteMany",
        "stat",
      ] as const
    ) {
      const original = (MemoryClient.prototype as StorageClient)[method] as (
        ...args: unknown[]
      ) => Promise<unknown>;
      (this as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        this.calls[method] = (this.calls[method] ?? 0) + 1;
        if (this.failures > 0) {
          this.failures--;
          return Promise.reject(this.error());
        }
        return original.apply(this, args);
      };
    }
  }
}
