// A real MemoryClient whose calls can be held at a gate, to play out races
// between reads and writes step by step.
import { MemoryClient } from "../memory_client.ts";
import type { StorageValue } from "../storage_client.ts";

export class GatedClient extends MemoryClient {
  /** When set, `get` and `getMany` read at once but resolve only when it resolves. */
  readGate: Promise<void> | undefined;
  /** When set, `set` waits for it before writing. */
  writeGate: Promise<void> | undefined;
  failWrites = false;

  override async get<T = StorageValue>(key: string): Promise<T | undefined> {
    const value = await super.get<T>(key);
    await this.readGate;
    return value;
  }

  override async getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    const values = await super.getMany(keys);
    await this.readGate;
    return values;
  }

  override async set(key: string, value: StorageValue, options?: { ttl?: number }): Promise<void> {
    await this.writeGate;
    if (this.failWrites) throw new Error("disk full");
    await super.set(key, value, options);
  }
}

/** A gate and the function that opens it. */
export function gate(): [Promise<void>, () => void] {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => open = resolve);
  return [promise, open];
}
