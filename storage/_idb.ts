// The parts of the IndexedDB API the client uses, typed here because Deno's
// type library has no DOM (and the client must type-check there).

type Handler = (() => void) | null;

export interface IdbRequest<T> {
  readonly result: T;
  readonly error: DOMException | null;
  onsuccess: Handler;
  onerror: Handler;
}

export interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: Handler;
}

export interface IdbKeyRange {
  readonly upper: unknown;
}

export interface IdbStore {
  get(key: string): IdbRequest<unknown>;
  put(value: unknown, key: string): unknown;
  delete(query: string | IdbKeyRange): unknown;
  clear(): unknown;
  getAll(range: IdbKeyRange | undefined, count: number): IdbRequest<unknown[]>;
  getAllKeys(range: IdbKeyRange | undefined, count: number): IdbRequest<unknown[]>;
}

export interface IdbTransaction {
  readonly error: DOMException | null;
  objectStore(name: string): IdbStore;
  /** Ends the transaction once its requests are done (missing in browsers before 2020). */
  commit?(): void;
  oncomplete: Handler;
  onerror: Handler;
  onabort: Handler;
}

export interface IdbDatabase {
  readonly version: number;
  readonly objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(store: string, mode: "readonly" | "readwrite"): IdbTransaction;
  close(): void;
  onclose: Handler;
  onversionchange: Handler;
}

interface IdbGlobals {
  readonly indexedDB: { open(name: string, version?: number): IdbOpenRequest };
  readonly IDBKeyRange: {
    bound(lower: string, upper: unknown, lowerOpen: boolean, upperOpen: boolean): IdbKeyRange;
    lowerBound(lower: string, open?: boolean): IdbKeyRange;
  };
}

/** The browser's IndexedDB globals. */
export const idb = globalThis as unknown as IdbGlobals;
