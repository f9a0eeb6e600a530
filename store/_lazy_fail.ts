// `fail` for the code persist() loads on first use. It gets StoreError from the eager side
// rather than importing it: a lazy part that imported a module the entry has would split that
// module into a chunk of its own, which every import of the main entry then loads separately
// (about 180 B more gzip, measured with `deno task size`).
import type { StoreError, StoreErrorCode } from "./store_error.ts";

/** The package's StoreError, as the eager side handed it over. */
export let LazyStoreError: typeof StoreError;

/** Called by the eager side before anything here runs. */
export const useStoreError = (type: typeof StoreError): void => {
  LazyStoreError = type;
};

/** Throws a StoreError; typed `never` so it fits in expressions. */
export const fail = (code: StoreErrorCode, message: string): never => {
  throw new LazyStoreError(code, message);
};
