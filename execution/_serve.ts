// The worker side of the pool protocol. `serve` is sent to workers as source
// text (Function.prototype.toString), so it must not use anything from outside
// its own body, nor syntax that a bundler would lower with shared helpers
// (private fields, object spread): the message kinds below repeat _protocol.ts.

import type { TransferableObject } from "./transferable_object.ts";

/** What `serve` needs from the worker it runs in. */
export interface Host {
  /** Sends a message to the pool. */
  post(message: unknown[], transfer?: TransferableObject[]): void;
  /** Calls `handler` with every message from the pool. */
  listen(handler: (message: unknown[]) => void): void;
  /** Imports the task module. */
  load(url: string): Promise<Record<string, unknown>>;
  /**
   * A Web Worker: report uncaught errors, `close()` and `Deno.exit()` to the
   * pool before the worker ends, since its parent is not told otherwise.
   */
  hooks?: boolean;
}

/**
 * Loads the task module, says READY, then runs the tasks the pool sends, one
 * at a time and in order, answering each with exactly one message.
 */
export function serve(moduleUrl: string, host: Host): void {
  // pool -> worker
  const TASKS = 0, CANCEL = 1, DRAIN = 2;
  // worker -> pool
  const READY = 0,
    OK = 1,
    ERROR = 2,
    SKIPPED = 3,
    PROGRESS = 4,
    NO_TASK = 5,
    LOAD_FAILED = 6,
    CRASH = 7,
    EXIT = 8;

  interface Packed {
    e: boolean;
    value?: unknown;
    name?: string;
    message?: string;
    stack?: string | undefined;
    code?: unknown;
    cause?: Packed;
  }
  type Fn = (input: unknown, ctx: unknown) => unknown;

  const pack = (error: unknown, depth: number): Packed => {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
    if (
      error === null || typeof error !== "object" || typeof e.message !== "string" ||
      typeof e.name !== "string"
    ) {
      return { e: false, value: error };
    }
    const packed: Packed = {
      e: true,
      name: e.name,
      message: e.message,
      stack: typeof e.stack === "string" ? e.stack : undefined,
    };
    if (e.code !== undefined) packed.code = e.code;
    if (depth < 8 && "cause" in e) packed.cause = pack((e as { cause: unknown }).cause, depth + 1);
    return packed;
  };
  // The pool may send a reason that is not an Error; the signal gets it back as one.
  const unpack = (packed: Packed): unknown => {
    if (!packed.e) return packed.value;
    const error = new Error(packed.message) as Error & { code?: unknown };
    error.name = packed.name!;
    if (packed.code !== undefined) error.code = packed.code;
    return error;
  };
  const post = (message: unknown[], transfer?: TransferableObject[]): void => {
    try {
      host.post(message, transfer);
    } catch (error) {
      // The value could not be cloned: the task fails with that error instead.
      try {
        host.post([ERROR, pack(error, 0)]);
      } catch {
        host.post([ERROR, { e: false, value: String(error) }]);
      }
    }
  };

  class Context {
    id: number;
    controller: AbortController | undefined;
    reason: unknown;
    aborted = false;
    moved: TransferableObject[] | undefined;
    constructor(id: number) {
      this.id = id;
    }
    get signal(): AbortSignal {
      if (!this.controller) {
        this.controller = new AbortController();
        if (this.aborted) this.controller.abort(this.reason);
      }
      return this.controller.signal;
    }
    progress(value: unknown): void {
      if (current === this) post([PROGRESS, value]);
    }
    transfer(...objects: TransferableObject[]): void {
      this.moved = objects;
    }
    abort(reason: unknown): void {
      if (this.aborted) return;
      this.aborted = true;
      this.reason = reason;
      this.controller?.abort(reason);
    }
  }

  let mod: Record<string, unknown> | undefined;
  let queue: unknown[] = [];
  let head = 0;
  let skip = 0;
  let current: Context | undefined;
  const cancelled = new Map<number, true>();

  const finish = (ctx: Context, ok: boolean, value: unknown): void => {
    current = undefined;
    if (ok) post([OK, value], ctx.moved);
    else post([ERROR, pack(value, 0)]);
  };

  // Between tasks, after a slice of work, let waiting messages in: a CANCEL or
  // DRAIN for a task sent ahead must be seen before that task starts.
  const tick: (next: () => void) => void = typeof setImmediate === "function"
    ? setImmediate
    : (() => {
      const channel = new MessageChannel();
      let next: () => void = () => {};
      channel.port1.onmessage = () => next();
      return (then: () => void): void => {
        next = then;
        channel.port2.postMessage(null);
      };
    })();
  let busy = false;

  const drain = (): void => {
    busy = true;
    const slice = performance.now();
    while (head < queue.length) {
      if (performance.now() - slice > 1) return tick(drain);
      const id = queue[head] as number;
      const name = queue[head + 1] as string | undefined;
      const input = queue[head + 2];
      queue[head] = queue[head + 1] = queue[head + 2] = undefined;
      head += 3;
      if (head === queue.length) {
        queue = [];
        head = 0;
      }
      if (skip > 0) {
        skip--;
        cancelled.delete(id);
        post([SKIPPED]);
        continue;
      }
      if (cancelled.delete(id)) {
        post([SKIPPED]);
        continue;
      }
      const fn = mod![name === undefined ? "default" : name];
      if (typeof fn !== "function") {
        post([NO_TASK, name]);
        continue;
      }
      const ctx = new Context(id);
      current = ctx;
      let result: unknown;
      try {
        result = (fn as Fn)(input, ctx);
      } catch (error) {
        finish(ctx, false, error);
        continue;
      }
      if (result !== null && typeof (result as Promise<unknown>)?.then === "function") {
        (result as Promise<unknown>).then(
          (value) => {
            finish(ctx, true, value);
            drain();
          },
          (error) => {
            finish(ctx, false, error);
            drain();
          },
        );
        return;
      }
      finish(ctx, true, result);
    }
    busy = false;
  };

  if (host.hooks) {
    const scope = globalThis as unknown as {
      close(): void;
      addEventListener(type: string, listener: (event: ErrorEvent) => void): void;
      Deno?: { exit(code?: number): never };
    };
    const close = scope.close.bind(scope);
    const end = (message: unknown[]): void => {
      post(message);
      close();
    };
    scope.close = () => end([EXIT, 0]);
    const deno = scope.Deno;
    if (deno) {
      const exit = deno.exit;
      deno.exit = (code?: number): never => {
        post([EXIT, code ?? 0]);
        return exit(code);
      };
    }
    scope.addEventListener("error", (event) => {
      event.preventDefault();
      end([CRASH, pack(event.error ?? event.message, 0)]);
    });
    scope.addEventListener("unhandledrejection", (event) => {
      event.preventDefault();
      end([CRASH, pack((event as unknown as PromiseRejectionEvent).reason, 0)]);
    });
  }
  host.listen((message) => {
    const kind = message[0];
    if (kind === TASKS) {
      for (let i = 1; i < message.length; i++) queue.push(message[i]);
      if (!busy && mod) drain();
    } else if (kind === CANCEL) {
      const id = message[1] as number;
      if (current?.id === id) current.abort(unpack(message[2] as Packed));
      else if (queue.indexOf(id, head) >= 0) cancelled.set(id, true);
    } else if (kind === DRAIN) {
      skip = (queue.length - head) / 3;
    }
  });
  host.load(moduleUrl).then((loaded) => {
    mod = loaded;
    host.post([READY]);
    drain();
  }, (error) => host.post([LOAD_FAILED, pack(error, 0)]));
}
