import { CapabilityError } from "./capability_error.ts";
import { type Capability, getPlatformInfo } from "./get_platform_info.ts";
import { checkCapabilityName } from "./_check_capability_name.ts";

/**
 * Throws unless the runtime has a capability; for code that cannot work without it.
 *
 * @param name The capability the caller needs.
 * @throws {CapabilityError} `CAPABILITY_MISSING`, naming the capability and the runtime.
 * @throws {PlatformError} `UNKNOWN_CAPABILITY` when `name` is not a capability.
 *
 * @example Fail early with a clear message
 * ```ts
 * import { assertCapability } from "@atomiton/platform";
 *
 * assertCapability("webCrypto"); // every supported runtime has it
 * const digest = await crypto.subtle.digest("SHA-256", new Uint8Array([1, 2, 3]));
 * console.log(digest.byteLength); // 32
 * ```
 */
export function assertCapability(name: Capability): void {
  const info = getPlatformInfo();
  checkCapabilityName(info.capabilities, name);
  if (!info.capabilities[name]) throw new CapabilityError(name, info.runtime);
}
