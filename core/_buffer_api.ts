import { InvalidValueError, type StorageClient } from "@atomiton/storage";
import type { IStorageClient } from "./base_storage_client.ts";

const NodeBuffer = (globalThis as { Buffer?: { from(bytes: Uint8Array): Uint8Array } }).Buffer;
const encoder = new TextEncoder();

/** Bytes as the old clients returned them: a Buffer where the runtime has one. */
export function bytes(value: Uint8Array): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(value) : value.slice();
}

/** Rejects what the old `write` rejected: anything but bytes. */
export function checkBytes(key: string, data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  throw new InvalidValueError(
    key,
    `write(${JSON.stringify(key)}) needs a Buffer or Uint8Array, got ${
      data === null ? "null" : typeof data
    }; use set(key, value) to store JSON values.`,
  );
}

type OldOnly = Omit<IStorageClient, "delete" | "clear">;

// The old buffer methods on any new client (the new get/set/has/keys stay as they are).
const methods: OldOnly & ThisType<StorageClient & IStorageClient> = {
  async read(key): Promise<Uint8Array | null> {
    const value = await this.get(key);
    if (value === undefined) return null;
    return bytes(value instanceof Uint8Array ? value : encoder.encode(JSON.stringify(value)));
  },
  async write(key, data): Promise<void> {
    await this.set(key, checkBytes(key, data));
  },
  exists(key): Promise<boolean> {
    return this.has(key);
  },
  list(prefix): Promise<string[]> {
    return this.keys(prefix);
  },
  async getSize(key): Promise<number> {
    return (await this.stat(key))?.size ?? 0;
  },
  async getTotalSize(): Promise<number> {
    let total = 0;
    for (const key of await this.keys()) total += (await this.stat(key))?.size ?? 0;
    return total;
  },
  async readBatch(keys): Promise<Array<Uint8Array | null>> {
    return await Promise.all(keys.map((key) => this.read(key)));
  },
  async writeBatch(entries): Promise<void> {
    await this.setMany(entries.map(({ key, data }) => [key, checkBytes(key, data)]));
  },
  async deleteBatch(keys): Promise<void> {
    await this.deleteMany(keys);
  },
  async initialize(): Promise<void> {},
  async cleanup(): Promise<void> {},
};

/** Adds the old buffer API to a class of new storage clients. */
export function installBufferApi(target: { prototype: object }): void {
  for (const [name, method] of Object.entries(methods)) {
    if (!Object.hasOwn(target.prototype, name)) {
      Object.defineProperty(target.prototype, name, {
        value: method,
        writable: true,
        configurable: true,
      });
    }
  }
}
