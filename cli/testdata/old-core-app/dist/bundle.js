// deno-fmt-ignore-file
// deno-lint-ignore-file
// Build output: never rewritten.
import { MemoryClient } from "@atomiton/core";
export const cache = new MemoryClient();
