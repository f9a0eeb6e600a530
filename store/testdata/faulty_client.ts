// A real MemoryClient whose reads or next writes can be made to fail, as a full disk or a
// dropped connection would.
import { MemoryClient, type SetOptions, type StorageValue } from "@atomiton/storage";

export class FaultyClient extends MemoryClient {
  /** How many of the next `set` calls reject. */
  failWrites = 0;
  /** Whether `get` rejects. */
  failReads = false;

  override get<T = StorageValue>(key: string): Promise<T | undefined> {
    return this.failReads ? Promise.reject(new Error("read failed")) : super.get<T>(key);
  }

  override set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    if (this.failWrites > 0) {
      this.failWrites--;
      return Promise.reject(new Error("disk full"));
    }
    return super.set(key, value, options);
  }
}
