/**
 * Cancellation for many tasks under one signal. Each task gets a signal of its
 * own, so that the listeners every task adds (retry, slots, executor) sit on
 * that signal, not on one shared by all: a signal with N listeners costs O(N) to
 * remove one from (Deno keeps them in an array), which is O(N²) for a run of N nodes.
 */
export class AbortScope {
  readonly #controller = new AbortController();
  readonly #children = new Set<AbortController>();
  /** Aborts with the parent, or when {@linkcode abort} is called. */
  readonly signal: AbortSignal = this.#controller.signal;

  constructor(parent: AbortSignal) {
    if (parent.aborted) this.abort(parent.reason);
    else parent.addEventListener("abort", () => this.abort(parent.reason), { once: true });
  }

  /** Aborts this scope and every child signal still held, with `reason`. */
  abort(reason: unknown): void {
    if (this.signal.aborted) return;
    this.#controller.abort(reason);
    for (const child of this.#children) child.abort(reason);
    this.#children.clear();
  }

  /** A signal of one task's own that aborts with this scope; `release` it once the task is done. */
  child(): { readonly signal: AbortSignal; readonly release: () => void } {
    const controller = new AbortController();
    if (this.signal.aborted) controller.abort(this.signal.reason);
    else this.#children.add(controller);
    return { signal: controller.signal, release: () => this.#children.delete(controller) };
  }
}
