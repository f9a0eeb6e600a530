// deno-fmt-ignore-file
// deno-lint-ignore-file
// Written on Windows: CRLF line endings.
export { MemoryClient, EventClient as Events } from "@atomiton/core";
export type { Blueprint, BlueprintState } from "@atomiton/core";
export { describeJob } from "./types.ts";
