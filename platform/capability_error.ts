import type { Runtime } from "./detect_runtime.ts";
import type { Capability } from "./get_platform_info.ts";
import { PlatformError } from "./platform_error.ts";

/**
 * Thrown by {@linkcode assertCapability} when the runtime lacks a capability.
 *
 * @example Report what is missing
 * ```ts
 * import { assertCapability, CapabilityError } from "@atomiton/platform";
 *
 * try {
 *   assertCapability("indexedDB");
 * } catch (error) {
 *   if (error instanceof CapabilityError) console.log(error.capability, error.runtime);
 * }
 * ```
 */
export class CapabilityError extends PlatformError {
  /** The capability that is missing. */
  readonly capability: Capability;
  /** The runtime that lacks it. */
  readonly runtime: Runtime;

  /**
   * Creates the error for one missing capability.
   *
   * @param capability The capability that is missing.
   * @param runtime The runtime that lacks it.
   */
  constructor(capability: Capability, runtime: Runtime) {
    super(
      "CAPABILITY_MISSING",
      `The capability "${capability}" is not available on runtime "${runtime}".`,
    );
    this.name = "CapabilityError";
    this.capability = capability;
    this.runtime = runtime;
  }
}
