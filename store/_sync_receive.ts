// The receiving half of syncStore(), loaded with its first call; sync_store.ts keeps what
// arrives before it is here, in order.
/** Where a change is: a field, or one entry of a Map field. */
export type Path = [field: string, mapKey?: unknown];
/** One change: where, Lamport clock, source, value, and 1 when a Map entry was deleted. */
export type Entry = [Path, number, string, unknown, 1?];
/** What a sync sends: its source, its changes, and 1 when it asks the others for theirs. */
export interface Message {
  s: string;
  e: Entry[];
  q?: 1;
}

/** What the receiving half needs of a running sync. */
export interface Side {
  /** This side's id. */
  readonly me: string;
  /** Whether a field is one the sync keeps in step. */
  readonly synced: (key: unknown) => key is string;
  /** The current state. */
  readonly state: () => Record<string, unknown>;
  /** The clock and source of the last change of each path. */
  readonly versions: ReadonlyMap<string, [number, string, Path]>;
  /** Moves the clock to `c` if it is behind (a Lamport clock). */
  readonly see: (c: number) => void;
  /** Records the clock and source of a path's change. */
  readonly stamp: (path: Path, c: number, source: string) => void;
  /** Applies changes that came from elsewhere, without sending them on. */
  readonly apply: (patch: Record<string, unknown>) => void;
  /** The value at a path, and 1 when it is a Map entry that is not there. */
  readonly read: (path: Path) => [unknown, 1?];
  readonly send: (entries: Entry[]) => void;
}

/** Applies one message: the changes that are newer than what this side has, and answers a join. */
export const receiver = (side: Side): (message: unknown) => void => (message) => {
  const { me, synced, state, versions, stamp } = side;
  const { s, e, q } = (message ?? {}) as Message;
  if (typeof s !== "string" || s === me || !Array.isArray(e)) return;
  const patch: Record<string, unknown> = {};
  for (const [path, c, source, value, deleted] of e) {
    const [field, ...entry] = Array.isArray(path) ? path : [];
    if (!synced(field) || typeof c !== "number" || typeof source !== "string") continue;
    side.see(c);
    const [vc, vs] = versions.get(JSON.stringify(path)) ?? [0, ""];
    if (c < vc || (c === vc && source <= vs)) continue;
    if (entry.length) {
      const current = state()[field];
      if (!(current instanceof Map)) continue;
      const map = (patch[field] ??= new Map(current)) as Map<unknown, unknown>;
      deleted ? map.delete(entry[0]) : map.set(entry[0], value);
    } else patch[field] = value;
    stamp(path, c, source);
  }
  if (Object.keys(patch).length) side.apply(patch);
  if (q && versions.size) {
    side.send(
      [...versions.values()].map(([c, source, path]) => [path, c, source, ...side.read(path)]),
    );
  }
};
