/**
 * The base of every error `@atomiton/platform` throws.
 *
 * `code` is stable across versions: match on it, not on the message.
 *
 * @example Tell this package's errors apart
 * ```ts
 * import { env, PlatformError } from "@atomiton/platform";
 *
 * try {
 *   env("");
 * } catch (error) {
 *   if (error instanceof PlatformError) console.log(error.code); // "INVALID_ENV_NAME"
 * }
 * ```
 */
export class PlatformError extends Error {
  /** A stable, machine-readable reason, such as `"CAPABILITY_MISSING"`. */
  readonly code: string;

  /**
   * Creates an error with a stable code.
   *
   * @param code The stable reason.
   * @param message What was wrong and what is allowed.
   * @param options The underlying cause, if any.
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PlatformError";
    this.code = code;
  }
}
