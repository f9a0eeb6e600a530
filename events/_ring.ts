/**
 * The newest `capacity` items, oldest first: when full, `push` drops the
 * oldest in O(1) (an `Array.shift` moves every item). Slots are allocated as
 * items arrive, not up front.
 */
export class Ring<T> {
  #items: T[] = [];
  #head = 0;
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Adds `item` last; returns true when an item was dropped (with capacity 0, `item` itself). */
  push(item: T): boolean {
    if (this.#capacity === 0) return true;
    if (this.#items.length < this.#capacity) {
      this.#items.push(item);
      return false;
    }
    this.#items[this.#head] = item;
    this.#head = (this.#head + 1) % this.#capacity;
    return true;
  }

  /** The items, oldest first (a copy). */
  toArray(): T[] {
    return [...this.#items.slice(this.#head), ...this.#items.slice(0, this.#head)];
  }

  /** Empties it. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
