import { type Capability, getPlatformInfo } from "./get_platform_info.ts";
import { checkCapabilityName } from "./_check_capability_name.ts";

/**
 * Tells whether the runtime has a capability (see {@linkcode Capabilities}).
 *
 * @param name The capability, such as `"indexedDB"` or `"childProcess"`.
 * @returns True when it is available.
 * @throws {PlatformError} `UNKNOWN_CAPABILITY` when `name` is not a capability.
 *
 * @example Pick a storage backend
 * ```ts
 * import { hasCapability } from "@atomiton/platform";
 *
 * const backend = hasCapability("fileSystem") ? "files" : hasCapability("indexedDB") ? "indexedDB" : "memory";
 * console.log(backend);
 * ```
 */
export function hasCapability(name: Capability): boolean {
  const capabilities = getPlatformInfo().capabilities;
  checkCapabilityName(capabilities, name);
  return capabilities[name];
}
