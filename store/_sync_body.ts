// The body of syncStore(), loaded with its first call: the versions, the diff of each local
// change and the receiver. sync_store.ts keeps what happens before it is here, in order.
import type { EventClient } from "@atomiton/events";
import type { StoreApi } from "./store_api.ts";
import type { SyncPort } from "./sync_store.ts";
import type { changedKeys } from "./_common.ts";

export type Path = [field: string, mapKey?: unknown];
type Entry = [Path, number, string, unknown, 1?];
interface Message {
  s: string;
  e: Entry[];
  q?: 1;
}
type State = Record<string, unknown>;

/** What happened before or after the body loaded: a message, or a local change (next, previous). */
export type Step = [message: unknown] | [next: unknown, previous: unknown];

/** The parts of one sync that sync_store.ts holds at once. */
export interface Side {
  readonly store: StoreApi<unknown>;
  readonly me: string;
  readonly keys: readonly string[] | undefined;
  readonly port: SyncPort | EventClient;
  readonly events: EventClient | undefined;
  readonly type: string;
  readonly report: (error: unknown) => void;
  // Passed in, not imported: an import would split _common.ts into a chunk of its own.
  readonly changedKeys: typeof changedKeys;
}

// The value at a path of a state, and 1 when it is a Map entry that is not there.
const read = (state: State, [field, ...entry]: Path): [unknown, 1?] => {
  const value = state[field];
  if (!entry.length) return [value];
  const map = value as Map<unknown, unknown>;
  return map.has(entry[0]) ? [map.get(entry[0])] : [undefined, 1];
};

/** Starts one sync: asks the others for what they changed; returns what takes each step. */
export const start = (side: Side): (step: Step) => void => {
  const { store, me, keys, events, type, report, changedKeys } = side;
  const versions = new Map<string, [number, string, Path]>();
  let clock = 0;
  let applying = false;
  const state = (): State => store.getState() as State;
  const synced = (key: unknown): key is string =>
    typeof key === "string" && (keys ? keys.includes(key) : Object.hasOwn(state(), key)) &&
    typeof state()[key] !== "function";
  const stamp = (path: Path, c: number, source: string): void => {
    versions.set(JSON.stringify(path), [c, source, path]);
  };
  const send = (e: Entry[], q?: 1): void => {
    const message: Message = q ? { s: me, e, q } : { s: me, e };
    try {
      events ? events.emit(type, message) : (side.port as SyncPort).postMessage(message);
    } catch (error) {
      report(error);
    }
  };
  // A local change, read from the state it made (not today's: steps may have waited).
  const local = (next: State, previous: State): void => {
    if (applying) return;
    const paths: Path[] = [];
    for (const field of changedKeys(next, previous).filter(synced)) {
      const [a, b] = [previous[field], next[field]];
      if (a instanceof Map && b instanceof Map) {
        for (const key of new Set([...a.keys(), ...b.keys()])) {
          if (a.get(key) !== b.get(key) || a.has(key) !== b.has(key)) paths.push([field, key]);
        }
      } else paths.push([field]);
    }
    if (!paths.length) return;
    clock++;
    send(paths.map((path) => (stamp(path, clock, me), [path, clock, me, ...read(next, path)])));
  };
  const receive = (message: unknown): void => {
    const { s, e, q } = (message ?? {}) as Message;
    if (typeof s !== "string" || s === me || !Array.isArray(e)) return;
    const patch: State = {};
    for (const [path, c, source, value, deleted] of e) {
      const [field, ...entry] = Array.isArray(path) ? path : [];
      if (!synced(field) || typeof c !== "number" || typeof source !== "string") continue;
      clock = Math.max(clock, c);
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
    if (Object.keys(patch).length) apply(patch);
    if (q && versions.size) {
      send(
        [...versions.values()].map((
          [c, source, path],
        ) => [path, c, source, ...read(state(), path)]),
      );
    }
  };
  const apply = (patch: State): void => {
    applying = true;
    try {
      store.setState(patch);
    } finally {
      applying = false;
    }
  };
  send([], 1);
  return (step) => step.length === 1 ? receive(step[0]) : local(step[0] as State, step[1] as State);
};
