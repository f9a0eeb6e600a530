// deno-fmt-ignore-file
// deno-lint-ignore-file
import { MemoryClient, detectPlatform } from "@atomiton/core";

export const cache = new MemoryClient();
export const platform = detectPlatform();

export async function lazyEvents() {
  const { EventClient } = await import("@atomiton/core");
  return new EventClient();
}
