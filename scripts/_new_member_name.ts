// The name of a new member: what `deno task new-member` accepts.

/** Why `deno task new-member` refused; `code` is stable, the message says what is allowed. */
export class NewMemberError extends Error {
  /** `BAD_NAME`, `EXISTS`, `NO_WORKSPACE_LIST` or `GENERATOR_FAILED`. */
  readonly code: string;

  /**
   * @param code A stable name for the reason.
   * @param message What was wrong and what is allowed.
   */
  constructor(code: string, message: string) {
    super(message);
    this.name = "NewMemberError";
    this.code = code;
  }
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Refuses a name that is not lowercase letters, digits and single dashes (starting with a
 * letter, at most 40 characters), or that a member or a folder of the repository already has.
 */
export function checkMemberName(name: unknown, taken: ReadonlySet<string>): string {
  if (typeof name !== "string" || !NAME.test(name) || name.length > 40) {
    throw new NewMemberError(
      "BAD_NAME",
      `${JSON.stringify(name ?? null)} is not a member name: use lowercase letters, digits and ` +
        "dashes, starting with a letter (such as `queue` or `blob-store`), at most 40 characters",
    );
  }
  if (taken.has(name)) {
    throw new NewMemberError(
      "EXISTS",
      `"${name}" is taken: a member or folder of that name exists; choose another name`,
    );
  }
  return name;
}
