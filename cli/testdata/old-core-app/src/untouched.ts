// deno-fmt-ignore-file
// deno-lint-ignore-file
// This module only mentions @atomiton/core: import { MemoryClient } from "@atomiton/core";
export const note = "moved off @atomiton/core";
export const sample = 'import { MemoryClient } from "@atomiton/core"';
