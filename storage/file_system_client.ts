import { backendError, closedError, expired } from "./_common.ts";
import { encode, encodeAll, expiryOf } from "./_codec.ts";
import { CHUNK, decodeKey, encodeKey, isTemporary, namesOf } from "./_fs_names.ts";
import { type FsOps, isDenied, LinkFound, loadOps, OPS } from "./_fs_ops.ts";
import { BYTES_TAG, HEAD, parseHeader, record } from "./_fs_record.ts";
import { hasFileSystem, noFileSystem } from "./_fs_runtime.ts";
import { checkKey, checkKeys, checkPrefix } from "./_keys.ts";
import { StorageError } from "./storage_error.ts";
import type { SetOptions, StorageClient, StorageStat, StorageValue } from "./storage_client.ts";

/** Options for {@linkcode FileSystemClient}. */
export interface FileSystemClientOptions {
  /** The folder the store lives in; created (with its parents) when missing. */
  readonly directory: string;
  /**
   * `"atomic"` (the default): every write is a new file renamed over the old
   * one, so no reader and no crash ever sees half a value. `"fsync"` also
   * flushes the file and its folder to disk before a write resolves, so a
   * power cut keeps it too, at the cost of a much slower write.
   */
  readonly durability?: "atomic" | "fsync" | undefined;
}

const BATCH = 64; // files read or removed at once while listing
const ATTEMPTS = 20; // writes raced by other processes pruning folders or sweeping temporary files
// Present once every value with an expiry has its "~" marker (stores written before markers have none).
const MARKED = ".ttl-markers";
const decoder = new TextDecoder();
const noop = (): void => {};

// Where a key lives: its folders (outermost first, none for a short key), file and expiry marker.
interface Place {
  readonly folders: readonly string[];
  readonly folder: string;
  readonly path: string;
  readonly marker: string;
}

// What a listing finds: a key's file, a link named like one of ours, or a marker without its file.
interface Found {
  readonly kind: "file" | "link" | "orphan";
  readonly key: string | undefined;
  readonly path: string;
  readonly marked: boolean;
}

type Loader = () => Promise<FsOps> | FsOps;

/**
 * A {@linkcode StorageClient} in a folder: one file per key, on Deno (Deno's
 * APIs) and Node.js (`node:fs`), picked by the runtime.
 *
 * - **Atomic writes.** A value goes to a temporary file in the same folder that
 *   is renamed over the old one, so a reader, a crash or a second process never
 *   sees half a value. Writes to one key from one client keep their order.
 *   Temporary files left by a crash are removed when a client opens the store.
 * - **Safe names by construction.** A key's UTF-8 bytes become a file name of
 *   `a`-`z`, `0`-`9`, `-` and `_xx` escapes, so no key can name a path outside
 *   the folder, collide with another on a case-insensitive file system or hit a
 *   reserved Windows name; long keys nest in sub-folders of 200 characters.
 *   The mapping is reversible: every key comes back exactly from `keys()`.
 * - **Bytes as bytes.** A `Uint8Array` is written raw after a one-line header.
 *
 * @example A store in a folder
 * ```ts
 * import { FileSystemClient } from "@atomiton/storage/fs";
 * import assert from "node:assert/strict";
 * import { readdirSync } from "node:fs";
 * import { mkdtemp, rm } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const directory = await mkdtemp(join(tmpdir(), "storage-"));
 * await using storage = new FileSystemClient({ directory });
 * await storage.set("User:1/profile", { name: "Ada" });
 * assert.deepEqual(await storage.keys("User:"), ["User:1/profile"]);
 * assert.deepEqual(
 *   readdirSync(directory).filter((name) => name.startsWith("+")),
 *   ["+_55ser_3a1_2fprofile"],
 * );
 * await rm(directory, { recursive: true });
 * ```
 */
export class FileSystemClient implements StorageClient {
  /** The folder the store lives in. */
  readonly directory: string;
  /** `"atomic"` or `"fsync"`. */
  readonly durability: "atomic" | "fsync";
  readonly #load: Loader;
  readonly #queues = new Map<string, Promise<void>>();
  // Unique per client, so temporary names never clash across clients and processes.
  readonly #tmp = `.${Math.random().toString(36).slice(2, 10)}-`;
  #count = 0;
  #ops: FsOps | undefined;
  #opening: Promise<FsOps> | undefined;
  #sweeping: Promise<void> | undefined;
  #closed = false;

  /**
   * Creates a client for a folder; the folder is created on first use.
   *
   * @param options The folder and the durability.
   * @throws {StorageError} `INVALID_OPTION` for a missing folder or an unknown durability;
   * `MISCONFIGURED` in a runtime without a file system (a browser: use `@atomiton/storage/auto`
   * or `@atomiton/storage/indexeddb` there).
   */
  constructor(options: FileSystemClientOptions) {
    const directory = options?.directory;
    if (typeof directory !== "string" || directory === "") {
      throw new StorageError(
        "INVALID_OPTION",
        `Invalid directory ${String(directory)}: expected the path of a folder.`,
      );
    }
    const durability = options.durability ?? "atomic";
    if (durability !== "atomic" && durability !== "fsync") {
      throw new StorageError(
        "INVALID_OPTION",
        `Invalid durability ${String(durability)}: expected "atomic" or "fsync".`,
      );
    }
    this.directory = directory.replace(/(.)[\\/]+$/, "$1");
    this.durability = durability;
    const ops = (new.target as unknown as { [OPS]?: Loader })[OPS];
    if (!ops && !hasFileSystem()) throw noFileSystem(); // not later, as a bare "mkdir is not a function"
    this.#load = ops ?? loadOps;
  }

  #ready(): FsOps | Promise<FsOps> {
    if (this.#closed) throw closedError("FileSystemClient");
    return this.#ops ?? (this.#opening ??= this.#open());
  }

  async #open(): Promise<FsOps> {
    try {
      const ops = await this.#load();
      await ops.mkdir(this.directory);
      if (await ops.kind(`${this.directory}/${MARKED}`) === "missing") await this.#markAll(ops);
      this.#sweeping = this.#sweep(ops, this.directory).catch(noop);
      return this.#ops = ops;
    } catch (error) {
      this.#opening = undefined;
      throw this.#error(error, `Opening the store in ${this.directory}`);
    }
  }

  // Once per store written before markers: marks every value with an expiry, so that
  // listing can trust a missing marker. Idempotent, so a crash midway only repeats it.
  async #markAll(ops: FsOps): Promise<void> {
    for await (const found of this.#walk(ops, this.directory, "", "")) {
      if (found.kind !== "file" || found.marked) continue;
      const head = await ops.head(found.path, HEAD).catch(noop);
      if (head && parseHeader(head.bytes)?.[1]) await ops.touch(this.#place(found.key!).marker);
    }
    await ops.touch(`${this.directory}/${MARKED}`);
  }

  // Removes temporary files a crashed writer left. A live writer whose file is
  // removed sees its rename fail and writes again, so this is safe at any time.
  async #sweep(ops: FsOps, folder: string): Promise<void> {
    for await (const entry of ops.list(folder)) {
      const path = `${folder}/${entry.name}`;
      if (entry.folder && entry.name[0] === "=") await this.#sweep(ops, path);
      else if (!entry.folder && isTemporary(entry.name) && !entry.name.startsWith(this.#tmp)) {
        await ops.remove(path).catch(noop);
      }
    }
  }

  #place(key: string): Place {
    const names = namesOf(key);
    const file = names.pop()!;
    const folders: string[] = [];
    let folder = this.directory;
    for (const name of names) folders.push(folder = `${folder}/${name}`);
    return { folders, folder, path: `${folder}/${file}`, marker: `${folder}/~${file.slice(1)}` };
  }

  // Checks a long key's folders without following a link. To read: false when one is
  // missing, LinkFound for a link. To write: makes missing ones, replaces a link by a folder.
  async #reach(ops: FsOps, folders: readonly string[], write: boolean): Promise<boolean> {
    for (const folder of folders) {
      for (let kind = await ops.kind(folder); kind !== "folder"; kind = await ops.kind(folder)) {
        if (kind === "link" && !write) throw new LinkFound(folder);
        if (kind !== "link" && kind !== "missing") return false; // a file: the write fails
        if (!write) return false;
        if (kind === "link") await ops.remove(folder); // the link itself, never its target
        if (await ops.mkdirOne(folder)) break;
      }
    }
    return true;
  }

  // Runs the writes and removals of one key in the order they were asked for.
  #enqueue<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(key);
    const run = previous ? previous.then(task) : task();
    const settle = (): void => {
      if (this.#queues.get(key) === done) this.#queues.delete(key);
    };
    const done: Promise<void> = run.then(settle, settle);
    this.#queues.set(key, done);
    return run;
  }

  async #write(ops: FsOps, key: string, data: string | Uint8Array, expires: number): Promise<void> {
    const place = this.#place(key);
    const sync = this.durability === "fsync";
    let missing = false;
    for (let attempt = 1;; attempt++) {
      const tmp = `${place.folder}/${this.#tmp}${(this.#count++).toString(36)}.tmp`;
      try {
        if (missing) await ops.mkdir(this.directory); // the store was removed from under us
        await this.#reach(ops, place.folders, true);
        if (expires) await ops.touch(place.marker); // before the value, so listing never misses it
        await ops.write(tmp, data, sync);
        await ops.rename(tmp, place.path);
      } catch (error) {
        await ops.remove(tmp).catch(noop); // a failed write (a full disk) leaves no partial file
        // Another process pruned a folder or swept our temporary file: write again.
        if (!ops.isNotFound(error) || attempt >= ATTEMPTS) throw error;
        missing = true;
        continue;
      }
      // Again after the value, in case another client removed the marker meanwhile. A marker
      // left by an earlier value that could expire stays: listing removes it (#unmarkLater).
      if (expires) await this.#mark(ops, place);
      if (sync) await ops.syncDir(place.folder);
      return;
    }
  }

  // Removes a key's marker, unless its file (written meanwhile by another client) can expire.
  async #unmark(ops: FsOps, place: Place): Promise<void> {
    if (!(await ops.remove(place.marker))) return;
    const head = await ops.head(place.path, HEAD).catch(noop);
    if (head && parseHeader(head.bytes)?.[1]) await this.#mark(ops, place);
  }

  // Removes the marker of a value that cannot expire (listing found it), in the key's turn.
  #unmarkLater(ops: FsOps, key: string): void {
    this.#enqueue(key, () => this.#unmark(ops, this.#place(key))).catch(noop);
  }

  // Marks a value that can expire; when its folder is gone, so is the value.
  async #mark(ops: FsOps, place: Place): Promise<void> {
    await ops.touch(place.marker).catch((error) => {
      if (!ops.isNotFound(error)) throw error;
    });
  }

  async #remove(ops: FsOps, key: string): Promise<boolean> {
    const place = this.#place(key);
    let head;
    try {
      if (!(await this.#reach(ops, place.folders, false))) return false;
      head = await ops.head(place.path, HEAD);
    } catch (error) {
      if (!(error instanceof LinkFound)) throw error;
      await ops.remove(error.path); // the link itself, never its target
      return false;
    }
    if (head === undefined) return false;
    const removed = await ops.remove(place.path);
    await this.#unmark(ops, place);
    if (place.folders.length > 0) await this.#prune(ops, place.folder);
    return removed && !expired(parseHeader(head.bytes)?.[1] ?? 0);
  }

  // Removes the folders of a long key that became empty, innermost first.
  async #prune(ops: FsOps, folder: string): Promise<void> {
    while (folder.length > this.directory.length && await ops.rmdir(folder)) {
      folder = folder.slice(0, folder.lastIndexOf("/"));
    }
  }

  // Removes an expired file without ever losing a value another process wrote
  // meanwhile: move it aside, look again, and put a fresh value back.
  #drop(ops: FsOps, key: string): void {
    this.#enqueue(key, async () => {
      const place = this.#place(key);
      const aside = `${place.folder}/${this.#tmp}${(this.#count++).toString(36)}.tmp`;
      try {
        await ops.rename(place.path, aside);
      } catch {
        return; // gone already
      }
      const head = await ops.head(aside, HEAD);
      if (head && !expired(parseHeader(head.bytes)?.[1] ?? 0)) await ops.link(aside, place.path);
      await ops.remove(aside);
      await this.#unmark(ops, place);
    }).catch(noop);
  }

  #corrupt(key: string): StorageError {
    return new StorageError(
      "CORRUPT",
      `The file of key ${
        JSON.stringify(key)
      } in ${this.directory} is not a record this package wrote.`,
    );
  }

  async #read(ops: FsOps, key: string): Promise<StorageValue | undefined> {
    const place = this.#place(key);
    if (!(await this.#reach(ops, place.folders, false))) return undefined;
    const data = await ops.read(place.path);
    if (data === undefined) return undefined;
    const head = parseHeader(data);
    if (head === undefined) throw this.#corrupt(key);
    if (expired(head[1])) {
      this.#drop(ops, key);
      return undefined;
    }
    if (head[0] === BYTES_TAG) {
      return new Uint8Array(data.buffer, data.byteOffset + head[2], data.length - head[2]).slice();
    }
    try {
      return JSON.parse(decoder.decode(data.subarray(head[2])));
    } catch (error) {
      throw new StorageError("CORRUPT", this.#corrupt(key).message, { cause: error });
    }
  }

  async #stat(ops: FsOps, key: string): Promise<StorageStat | undefined> {
    const place = this.#place(key);
    if (!(await this.#reach(ops, place.folders, false))) return undefined;
    const file = await ops.head(place.path, HEAD);
    if (file === undefined) return undefined;
    const head = parseHeader(file.bytes);
    if (head === undefined) throw this.#corrupt(key);
    if (expired(head[1])) return undefined;
    const stat = { size: file.size - head[2], modified: Math.round(file.mtime) };
    return head[1] ? { ...stat, expires: head[1] } : stat;
  }

  // Everything under `folder` named for a key that starts with the prefix. A folder is
  // read whole first, so each file is matched with its marker; links are reported, never entered.
  async *#walk(ops: FsOps, folder: string, text: string, prefix: string): AsyncGenerator<Found> {
    const files: string[] = [];
    const folders: string[] = [];
    const links: string[] = [];
    const markers = new Set<string>();
    for await (const { name, folder: isFolder, link } of ops.list(folder)) {
      // Names of any other shape are not ours: a folder piece is exactly CHUNK long.
      const piece = name[0] === "=" ? name.length === CHUNK + 1 : name.length <= CHUNK + 1;
      if (!piece || name.length < 2) continue;
      if (link && (name[0] === "+" || name[0] === "=")) links.push(name);
      else if (isFolder && name[0] === "=") folders.push(name);
      else if (!isFolder && name[0] === "+") files.push(name);
      else if (!isFolder && name[0] === "~") markers.add(name.slice(1));
    }
    for (const name of files) {
      const full = text + name.slice(1);
      const key = full.startsWith(prefix) ? decodeKey(full) : undefined;
      const marked = markers.delete(name.slice(1));
      if (key !== undefined) yield { kind: "file", key, path: `${folder}/${name}`, marked };
    }
    for (const piece of markers) {
      const full = text + piece;
      const key = full.startsWith(prefix) ? decodeKey(full) : undefined;
      if (key !== undefined) {
        yield { kind: "orphan", key, path: `${folder}/~${piece}`, marked: true };
      }
    }
    for (const name of links) {
      const full = text + name.slice(1);
      if (full.startsWith(prefix) || (name[0] === "=" && prefix.startsWith(full))) {
        yield { kind: "link", key: undefined, path: `${folder}/${name}`, marked: false };
      }
    }
    for (const name of folders) {
      const full = text + name.slice(1);
      if (full.startsWith(prefix) || prefix.startsWith(full)) {
        yield* this.#walk(ops, `${folder}/${name}`, full, prefix);
      }
    }
  }

  // Runs `task` over what the walk finds, BATCH at a time, in walk order.
  async *#batches<T>(
    ops: FsOps,
    prefix: string,
    task: (found: Found) => Promise<T>,
  ): AsyncGenerator<[Found, T]> {
    let batch: Found[] = [];
    const run = (): Promise<[Found, T][]> =>
      Promise.all(batch.map(async (found): Promise<[Found, T]> => [found, await task(found)]));
    for await (const found of this.#walk(ops, this.directory, "", encodeKey(prefix))) {
      if (batch.push(found) < BATCH) continue;
      yield* await run();
      batch = [];
    }
    yield* await run();
  }

  #error(error: unknown, doing: string): StorageError {
    if (error instanceof LinkFound) {
      return new StorageError(
        "CORRUPT",
        `${doing} failed: ${error.path} is a symbolic link, and links inside a store are never followed.`,
      );
    }
    if (!(error instanceof StorageError) && isDenied(error)) {
      const reason = error instanceof Error ? error.message : String(error);
      return new StorageError(
        "PERMISSION_DENIED",
        `${doing} failed: the file system refused access (${reason}).`,
        { cause: error },
      );
    }
    return backendError(error, doing);
  }

  // `doing` and `key` make the message of a failure; the key is quoted only then.
  async #guard<T>(doing: string, key: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const what = key === undefined ? doing : `${doing} ${JSON.stringify(key)}`;
      throw this.#error(error, `${what} in ${this.directory}`);
    }
  }

  /**
   * Reads a copy of a value.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns The value, or `undefined` when there is none or it expired.
   * @throws {InvalidKeyError} For an invalid key.
   * @throws {StorageError} `CORRUPT` for a file this package did not write; `BACKEND` when
   * the file system fails.
   *
   * @example Read a value
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.set("n", 1);
   * assert.equal(await storage.get<number>("n"), 1);
   * await rm(directory, { recursive: true });
   * ```
   */
  async get<T = StorageValue>(key: string): Promise<T | undefined> {
    checkKey(key);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    return await this.#guard("Reading", key, () => this.#read(ops, key)) as T;
  }

  /**
   * Writes a copy of a value, atomically.
   *
   * @param key The key.
   * @param value JSON or a `Uint8Array`.
   * @param options `ttl` in milliseconds.
   * @returns When the new file is in place.
   * @throws {InvalidKeyError} For an invalid key.
   * @throws {InvalidValueError} For a value that is neither JSON nor bytes.
   *
   * @example Write with a ttl
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.set("session", { user: 1 }, { ttl: 60_000 });
   * assert.ok((await storage.stat("session"))!.expires! > Date.now());
   * await rm(directory, { recursive: true });
   * ```
   */
  async set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    checkKey(key);
    const expires = expiryOf(options);
    const data = record(encode(value), expires);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    await this.#guard(
      "Writing",
      key,
      () => this.#enqueue(key, () => this.#write(ops, key, data, expires)),
    );
  }

  /**
   * Tells whether a key has a live value, reading only the file's header.
   *
   * @param key The key.
   * @returns Whether `get` would find a value.
   *
   * @example Check a key
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * assert.equal(await storage.has("a"), false);
   * await rm(directory, { recursive: true });
   * ```
   */
  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  /**
   * Removes a key's file.
   *
   * @param key The key.
   * @returns Whether it had a live value.
   *
   * @example Remove a key
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.set("a", 1);
   * assert.equal(await storage.delete("a"), true);
   * await rm(directory, { recursive: true });
   * ```
   */
  async delete(key: string): Promise<boolean> {
    checkKey(key);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    return await this.#guard(
      "Removing",
      key,
      () => this.#enqueue(key, () => this.#remove(ops, key)),
    );
  }

  /**
   * Lists keys by walking the folder; each file's header is read to leave out expired keys.
   *
   * @param prefix Only keys that start with it.
   * @returns The keys with live values.
   *
   * @example List by prefix
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.setMany([["a/1", 1], ["b/1", 2]]);
   * assert.deepEqual(await storage.keys("a/"), ["a/1"]);
   * await rm(directory, { recursive: true });
   * ```
   */
  async keys(prefix?: string): Promise<string[]> {
    const start = checkPrefix(prefix);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    return await this.#guard("Listing keys", undefined, async () => {
      const keys: string[] = [];
      const marked: Found[] = [];
      // Only a marked file can expire: the rest are listed without being opened.
      const live = async ({ key, path }: Found): Promise<boolean> => {
        const file = await ops.head(path, HEAD).catch(noop);
        const expires = file && parseHeader(file.bytes)?.[1];
        if (expires === 0) this.#unmarkLater(ops, key!); // overwritten by a value without expiry
        return file !== undefined && !expired(expires ?? 0);
      };
      const check = async (): Promise<void> => {
        const ok = await Promise.all(marked.map(live));
        marked.forEach((found, i) => ok[i] && keys.push(found.key!));
        marked.length = 0;
      };
      for await (const found of this.#walk(ops, this.directory, "", encodeKey(start))) {
        if (found.kind !== "file") continue;
        if (!found.marked) keys.push(found.key!);
        else if (marked.push(found) === BATCH) await check();
      }
      await check();
      return keys;
    });
  }

  /**
   * Iterates over entries, reading 64 files at a time.
   *
   * @param prefix Only keys that start with it.
   * @returns An async iterator of `[key, value]` pairs.
   *
   * @example Iterate
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.set("a", 1);
   * for await (const [key, value] of storage.entries()) assert.deepEqual([key, value], ["a", 1]);
   * await rm(directory, { recursive: true });
   * ```
   */
  async *entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]> {
    const start = checkPrefix(prefix);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    const read = ({ kind, key }: Found): Promise<StorageValue | undefined> =>
      kind !== "file"
        ? Promise.resolve(undefined)
        : this.#guard("Reading", key, () => this.#read(ops, key!));
    for await (const [{ key }, value] of this.#batches(ops, start, read)) {
      if (value !== undefined) yield [key!, value];
    }
  }

  /**
   * Removes every key's file, or those whose keys start with `prefix`. Files
   * this package did not write are left alone.
   *
   * @param prefix Only keys that start with it.
   * @returns When they are removed.
   *
   * @example Clear a prefix
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.setMany([["tmp:1", 1], ["keep", 2]]);
   * await storage.clear("tmp:");
   * assert.deepEqual(await storage.keys(), ["keep"]);
   * await rm(directory, { recursive: true });
   * ```
   */
  async clear(prefix?: string): Promise<void> {
    const start = checkPrefix(prefix);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    await this.#guard("Clearing", undefined, async () => {
      const remove = async ({ kind, key, path }: Found): Promise<void> => {
        if (kind === "link") return void await ops.remove(path); // the link itself
        const place = this.#place(key!);
        await this.#enqueue(key!, async () => {
          if (kind === "file") await ops.remove(path);
          await this.#unmark(ops, place);
          if (place.folders.length > 0) await this.#prune(ops, place.folder);
        });
      };
      for await (const _ of this.#batches(ops, start, remove));
    });
  }

  /**
   * Reads several files at once.
   *
   * @param keys The keys.
   * @returns One value or `undefined` per key, in order.
   *
   * @example Read a batch
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.set("a", 1);
   * assert.deepEqual(await storage.getMany(["a", "b"]), [1, undefined]);
   * await rm(directory, { recursive: true });
   * ```
   */
  async getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    checkKeys(keys);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    return await this.#guard(
      "Reading a batch",
      undefined,
      () => Promise.all(keys.map((key) => this.#read(ops, key))),
    );
  }

  /**
   * Writes several files at once, each atomically; checks every entry before writing any.
   *
   * @param entries `[key, value]` pairs.
   * @param options `ttl` for every entry.
   * @returns When every file is in place.
   *
   * @example Write a batch
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.setMany([["a", 1], ["b", 2]]);
   * assert.deepEqual(await storage.getMany(["a", "b"]), [1, 2]);
   * await rm(directory, { recursive: true });
   * ```
   */
  async setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void> {
    const expires = expiryOf(options);
    const encoded = encodeAll(entries);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    await this.#guard(
      "Writing a batch",
      undefined,
      () =>
        Promise.all(encoded.map(([key, value]) => {
          const data = record(value, expires);
          return this.#enqueue(key, () => this.#write(ops, key, data, expires));
        })),
    );
  }

  /**
   * Removes several files at once.
   *
   * @param keys The keys.
   * @returns How many had live values.
   *
   * @example Remove a batch
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.set("a", 1);
   * assert.equal(await storage.deleteMany(["a", "b"]), 1);
   * await rm(directory, { recursive: true });
   * ```
   */
  async deleteMany(keys: readonly string[]): Promise<number> {
    checkKeys(keys);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    const removed = await this.#guard(
      keys.length === 1 ? "Removing" : `Removing ${keys.length} keys`,
      keys.length === 1 ? keys[0] : undefined,
      () => Promise.all(keys.map((key) => this.#enqueue(key, () => this.#remove(ops, key)))),
    );
    return removed.filter(Boolean).length;
  }

  /**
   * Describes an entry from its file's header and metadata.
   *
   * @param key The key.
   * @returns Size in bytes, modified time and expiry, or `undefined`.
   *
   * @example Size of a value
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import assert from "node:assert/strict";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * await using storage = new FileSystemClient({ directory });
   * await storage.set("a", new Uint8Array(10));
   * assert.equal((await storage.stat("a"))?.size, 10);
   * await rm(directory, { recursive: true });
   * ```
   */
  async stat(key: string): Promise<StorageStat | undefined> {
    checkKey(key);
    const ops = (!this.#closed && this.#ops) || await this.#ready();
    return await this.#guard("Reading", key, () => this.#stat(ops, key));
  }

  /**
   * Waits for the writes under way, then refuses later calls with `CLOSED`.
   *
   * @returns When every write under way has finished.
   *
   * @example Close
   * ```ts
   * import { FileSystemClient } from "@atomiton/storage/fs";
   * import { mkdtemp, rm } from "node:fs/promises";
   * import { tmpdir } from "node:os";
   * import { join } from "node:path";
   *
   * const directory = await mkdtemp(join(tmpdir(), "storage-"));
   * const storage = new FileSystemClient({ directory });
   * await storage.set("a", 1);
   * await storage.close();
   * await rm(directory, { recursive: true });
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#opening?.catch(noop);
    await Promise.all(this.#queues.values());
    await this.#sweeping;
  }

  /**
   * Closes the client, for `await using`.
   *
   * @returns When closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
