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

/** A task that runs until the test releases it: its input, run options, and the controls. */
export interface Gate {
  /** The input for the `gated` task: it returns `value` once released. */
  input(value: unknown): { port: MessagePort; value: unknown };
  /** Run options that move the gate's port to the worker. */
  readonly options: { task: string; transfer: MessagePort[] };
  /** Resolves once the task is running in its worker. */
  readonly started: Promise<void>;
  /** Lets the task return. */
  release(): void;
}

/**
 * A gate for the `gated` task of tasks.mjs: the test knows when the task runs
 * and decides when it ends, with no timing involved.
 */
export function gate(): Gate {
  const { port1, port2 } = new MessageChannel();
  const started = new Promise<void>((resolve) => {
    port1.onmessage = () => resolve();
  });
  return {
    input: (value) => ({ port: port2, value }),
    options: { task: "gated", transfer: [port2] },
    started,
    release: () => {
      port1.postMessage("release");
      port1.close();
    },
  };
}
