let last = 0;
let seq = 0;

/** An id unique in this process even within one millisecond (the old `${prefix}-${Date.now()}` collided). */
export function uniqueId(prefix: string): string {
  const now = Date.now();
  seq = now === last ? seq + 1 : 0;
  last = now;
  return seq === 0 ? `${prefix}-${now}` : `${prefix}-${now}-${seq}`;
}
