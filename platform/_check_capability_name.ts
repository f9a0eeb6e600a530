import type { Capabilities } from "./get_platform_info.ts";
import { PlatformError } from "./platform_error.ts";

// Callers from plain JavaScript can pass any string; a typo must not read as "missing".
export function checkCapabilityName(capabilities: Capabilities, name: string): void {
  if (!Object.hasOwn(capabilities, name)) {
    throw new PlatformError(
      "UNKNOWN_CAPABILITY",
      `Unknown capability "${name}": expected one of ${Object.keys(capabilities).join(", ")}.`,
    );
  }
}
