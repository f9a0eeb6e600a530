import { ExecutionError } from "./execution_error.ts";

/**
 * Reads one output pipe of a child process to its end: keeps its first
 * `limit` bytes for `wait()`, and feeds `stream` for a caller who reads it.
 * The pipe is always drained, so the child never blocks on unread output;
 * neither copy ever holds more than `limit` bytes.
 */
export class Output {
  readonly stream: ReadableStream<Uint8Array>;
  readonly done: Promise<void>;
  truncated = false;
  readonly #limit: number;
  readonly #chunks: Uint8Array[] = [];
  #size = 0;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #open = true;
  #pulled: (() => void) | undefined;
  #source: AsyncIterator<Uint8Array>;
  #stopped!: () => void;

  constructor(source: AsyncIterable<Uint8Array>, limit: number, name: string) {
    this.#limit = limit;
    this.#source = source[Symbol.asyncIterator]();
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      pull: () => {
        this.#pulled?.();
        this.#pulled = undefined;
      },
      cancel: () => {
        this.#open = false;
        this.#pulled?.();
      },
    }, new ByteLengthQueuingStrategy({ highWaterMark: Math.max(limit, 1) }));
    this.done = Promise.race([
      this.#pump(name),
      new Promise<void>((resolve) => this.#stopped = resolve),
    ]);
  }

  /** The kept output, decoded as UTF-8. */
  text(): string {
    const bytes = new Uint8Array(this.#size);
    let offset = 0;
    for (const chunk of this.#chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return new TextDecoder().decode(bytes);
  }

  /** Stops waiting for a pipe that a leftover grandchild keeps open. */
  stop(): void {
    this.#stopped();
    this.#source.return?.().catch(() => {});
    if (this.#open) {
      this.#open = false;
      this.#controller.close();
    }
  }

  async #pump(name: string): Promise<void> {
    try {
      for (;;) {
        const next = await this.#source.next();
        if (next.done) break;
        this.#keep(next.value);
        if (this.#open) await this.#feed(next.value, name);
      }
    } catch {
      // The pipe broke (the child was killed); what was read is kept.
    }
    if (this.#open) {
      this.#open = false;
      this.#controller.close();
    }
  }

  #keep(chunk: Uint8Array): void {
    const room = this.#limit - this.#size;
    if (chunk.byteLength > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.byteLength > room ? chunk.slice(0, room) : chunk;
    this.#chunks.push(kept);
    this.#size += kept.byteLength;
  }

  async #feed(chunk: Uint8Array, name: string): Promise<void> {
    const controller = this.#controller;
    if (controller.desiredSize! > 0) {
      controller.enqueue(chunk);
      return;
    }
    if (!this.stream.locked) {
      // Nobody reads the stream and it is full: end it rather than hold more.
      this.#open = false;
      controller.error(
        new ExecutionError(
          "OUTPUT_CUT",
          `The ${name} stream was not read and passed ${this.#limit} bytes; read it from ` +
            "the start, or use wait(), which keeps the first bytes.",
        ),
      );
      return;
    }
    // Someone reads it: wait for them (backpressure), however slow.
    await new Promise<void>((resolve) => this.#pulled = resolve);
    if (this.#open) controller.enqueue(chunk);
  }
}
