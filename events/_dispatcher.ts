/** What a dispatcher needs of a subscription: its handler, and whether it is still subscribed. */
export interface Listener {
  readonly handler: (data: unknown, type: string) => unknown;
  readonly live: boolean;
}

/** Runs the handlers of one event type. */
export type Dispatch = (data: unknown, type: string) => void;

/** The dispatcher of a type with no handlers. */
export const noop: Dispatch = (): void => {};

/**
 * Builds the function that runs `list` (a snapshot, in subscription order)
 * with every handler isolated: a throw or a rejected promise goes to `fail`
 * and the next handler runs. One and two handlers get closures of their own
 * (the common cases, and the wildcard beside a handler); up to sixteen get a
 * call site per position; more run in a loop. No code is generated (CSP-safe):
 * see "How emit is fast" in the README for what each shape gave.
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
  return n > SLOTS ? loop(list, settle, fail) : slots(list, settle, fail);
}

/** Up to sixteen handlers, each called from a call site of its own. */
function slots(
  list: readonly Listener[],
  settle: (result: unknown) => void,
  fail: (error: unknown) => void,
): Dispatch {
  const rest = loop(list, settle, fail);
  // Padded with handlers that never run, so every slot exists.
  const [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15] = [
    ...list,
    ...Array<Listener>(SLOTS - list.length).fill(DEAD),
  ] as Slots;
  // A call site per position, so the JIT inlines each handler where it is called, as it does
  // code generated per event (which we refuse). Each slot checks that an earlier handler did
  // not remove it in this emit; one try covers all, and a throw resumes at the next handler.
  return (data, type) => {
    let i = 0;
    try {
      if (s0.live) settle(s0.handler(data, type));
      i++;
      if (s1.live) settle(s1.handler(data, type));
      i++;
      if (s2.live) settle(s2.handler(data, type));
      i++;
      if (s3.live) settle(s3.handler(data, type));
      i++;
      if (s4.live) settle(s4.handler(data, type));
      i++;
      if (s5.live) settle(s5.handler(data, type));
      i++;
      if (s6.live) settle(s6.handler(data, type));
      i++;
      if (s7.live) settle(s7.handler(data, type));
      i++;
      if (s8.live) settle(s8.handler(data, type));
      i++;
      if (s9.live) settle(s9.handler(data, type));
      i++;
      if (s10.live) settle(s10.handler(data, type));
      i++;
      if (s11.live) settle(s11.handler(data, type));
      i++;
      if (s12.live) settle(s12.handler(data, type));
      i++;
      if (s13.live) settle(s13.handler(data, type));
      i++;
      if (s14.live) settle(s14.handler(data, type));
      i++;
      if (s15.live) settle(s15.handler(data, type));
      i++;
    } catch (error) {
      fail(error);
      rest(data, type, i + 1);
    }
  };
}

/** The longest list that gets a call site per handler; longer lists run in a loop. */
const SLOTS = 16;
const DEAD: Listener = { handler: noop, live: false };
type Slots = [
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
  Listener,
];

/** Runs `list` from `from` in a loop, with one try around it that resumes after a throw. */
function loop(
  list: readonly Listener[],
  settle: (result: unknown) => void,
  fail: (error: unknown) => void,
): (data: unknown, type: string, from?: number) => void {
  const n = list.length;
  return (data, type, from = 0) => {
    let i = from;
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
