/** Why a release or a new member was refused; `code` is stable, the message says what to do. */
export class ReleaseError extends Error {
  /** A stable name for the reason, such as `DIRTY_TREE` or `BREAKING_API`. */
  readonly code: string;

  /**
   * @param code A stable name for the reason.
   * @param message What was wrong and what is allowed.
   * @param options The underlying error, if any.
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ReleaseError";
    this.code = code;
  }
}
