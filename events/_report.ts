/**
 * Reports an error the way the runtime reports uncaught ones, without
 * throwing: `reportError` where it exists, else `console.error`. Kept here
 * rather than imported from `@atomiton/resilience/error-boundary` for the
 * main entry's size budget.
 */
export const report = (error: unknown): void =>
  // deno-lint-ignore no-console -- the fallback where the runtime has no reportError
  typeof reportError === "function" ? reportError(error) : console.error(error);
