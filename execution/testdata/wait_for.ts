/** Resolves once `condition()` holds; fails after `ms` (a generous limit, not a timing check). */
export async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A rejection reason as the tests read it. */
export type Caught = Error & {
  code?: unknown;
  cause?: Caught;
  stack: string;
};

/** The reason `promise` rejects with; fails when it fulfils. */
export async function rejection(promise: Promise<unknown>): Promise<Caught> {
  try {
    await promise;
  } catch (error) {
    return error as Caught;
  }
  throw new Error("expected a rejection");
}

/** Resolves once the async `condition()` holds; fails after `ms`. */
export async function eventually(condition: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
