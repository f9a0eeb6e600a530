/** What a dispatcher needs of a subscription: its handler, and whether it is still subscribed. */
export interface Listener {
  readonly handler: (data: unknown, type: string) => unknown;
  readonly live: boolean;
}

/** Runs the handlers of one event type. */
export type Dispatch = (data: unknown, type: string) => void;

/** The dispatcher of a type with no handlers. */
export const noop: Dispatch = () => {};

/**
 * Builds the function that runs `list` (a snapshot, in subscription order)
 * with every handler isolated: a throw or a rejected promise goes to `fail`
 * and the next handler runs. One and two handlers get call sites of their own
 * (the common cases, and the wildcard beside a handler); more run in a loop
 * with one `try` around it that resumes after a throw, so the loop pays for
 * isolation only when something throws. No code is generated (CSP-safe).
 */
export function dispatcher(list: readonly Listener[], fail: (error: unknown) => void): Dispatch {
  const n = list.length;
  if (n === 0) return noop;
  const settle = (result: unknown): void => {
    if (result instanceof Promise) result.catch(fail);
  };
  const first = list[0]!.handler;
  // Nothing runs before the first handler, so nothing can have removed it.
  const one: Dispatch = (data, type) => {
    try {
      settle(first(data, type));
    } catch (error) {
      fail(error);
    }
  };
  if (n === 1) return one;
  const second = list[1]!;
  if (n === 2) {
    return (data, type) => {
      one(data, type);
      // The first handler may have removed the second.
      if (second.live) {
        try {
          settle(second.handler(data, type));
        } catch (error) {
          fail(error);
        }
      }
    };
  }
  return (data, type) => {
    let i = 0;
    while (i < n) {
      try {
        for (; i < n; i++) {
          const sub = list[i]!;
          // A handler removed by an earlier one in this emit does not run.
          if (sub.live) settle(sub.handler(data, type));
        }
      } catch (error) {
        i++;
        fail(error);
      }
    }
  };
}
