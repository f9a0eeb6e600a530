// Every prototype key (`__proto__`, `constructor`, `toString`, ...) as an event
// type and a source, through the client, the recorder, replay and logStats; run on
// Deno by prototype_keys_test.ts and, bundled, on Node, whose `__proto__` setter
// Deno does not have. Returns what went wrong, [] when nothing did.
import { EventClient, type SystemEvent } from "@atomiton/events";
import { EventRecorder, logStats, parseEventLog, replay } from "@atomiton/events/recorder";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../../scripts/testing/hostile.ts";

type Check = (failures: string[]) => void | Promise<void>;

function expect(failures: string[], ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

const hostileLog: SystemEvent[] = PROTOTYPE_KEYS.flatMap((key, i) => [
  { type: key, source: key, timestamp: 1_000 + i, data: { [key]: i } },
  { type: key, source: key, timestamp: 2_000 + i, data: i },
]);

const client: Check = (failures) => {
  const events = new EventClient({ maxListeners: 0 });
  for (const key of PROTOTYPE_KEYS) {
    const seen: unknown[] = [];
    const handler = (data: unknown): number => seen.push(data);
    events.on(key, handler);
    events.on(`${key}*`, handler);
    events.emit(key, 1);
    expect(failures, seen.length === 2 && seen[0] === 1, `client: ${key} reached ${seen.length}`);
    expect(failures, events.listenerCount(key) === 1, `client: listenerCount(${key})`);
    expect(failures, events.off(key, handler), `client: off(${key}) found nothing`);
    expect(failures, events.off(`${key}*`, handler), `client: off(${key}*) found nothing`);
    events.emit(key, 2);
    expect(failures, seen.length === 2, `client: ${key} ran after off()`);
  }
  expect(failures, events.listenerCount() === 0, "client: subscriptions left");
};

const recorder: Check = (failures) => {
  const events = new EventClient({ source: "__proto__" });
  using recorded = new EventRecorder(events, { filter: [...PROTOTYPE_KEYS] });
  for (const key of PROTOTYPE_KEYS) events.emit(key, { [key]: key });
  events.emit("other", 0);
  const back = parseEventLog(recorded.toJsonLines());
  const types = back.map((event) => event.type).join();
  expect(failures, types === PROTOTYPE_KEYS.join(), `recorder: recorded ${types}`);
  expect(failures, back.every((e) => e.source === "__proto__"), "recorder: lost the source");
};

const replayed: Check = async (failures) => {
  const events = new EventClient();
  const counts = new Map<string, number>();
  events.on("*", (_data, type) => counts.set(type, (counts.get(type) ?? 0) + 1));
  const text = hostileLog.map((event) => JSON.stringify(event)).join("\n");
  const delivered = await replay(parseEventLog(text), events, { filter: [...PROTOTYPE_KEYS] });
  expect(failures, delivered === hostileLog.length, `replay: delivered ${delivered}`);
  for (const key of PROTOTYPE_KEYS) {
    expect(failures, counts.get(key) === 2, `replay: ${key} delivered ${counts.get(key)} times`);
  }
};

const stats: Check = async (failures) => {
  const events = new EventClient({ maxListeners: 0 });
  for (const key of PROTOTYPE_KEYS) events.on(key, () => {});
  const result = await logStats(hostileLog, { client: events });
  const json = JSON.parse(JSON.stringify(result)) as typeof result;
  for (const key of PROTOTYPE_KEYS) {
    const type = Object.hasOwn(result.types, key) ? result.types[key] : undefined;
    expect(failures, type?.count === 2, `logStats: type ${key} count ${type?.count}`);
    expect(failures, type?.maxGapMs === 1_000, `logStats: type ${key} gap ${type?.maxGapMs}`);
    expect(failures, type?.listeners === 1, `logStats: type ${key} listeners`);
    expect(failures, result.sources[key] === 2, `logStats: source ${key} ${result.sources[key]}`);
    expect(failures, Object.hasOwn(json.types, key), `logStats: JSON lost type ${key}`);
    expect(failures, Object.hasOwn(json.sources, key), `logStats: JSON lost source ${key}`);
  }
  expect(failures, result.count === hostileLog.length, `logStats: count ${result.count}`);
  // A name that is on Object.prototype but not in the log.
  const absent = result.types["propertyIsEnumerable"];
  expect(failures, absent === undefined, "logStats: a type not in the log is defined");
};

/** Runs every check, then whether `Object.prototype` and `Object` stayed clean. */
export async function checkPrototypeKeys(): Promise<string[]> {
  const failures: string[] = [];
  for (const check of [client, recorder, replayed, stats]) {
    try {
      await check(failures);
    } catch (error) {
      failures.push(`${check.name} threw ${String(error)}`);
    }
  }
  try {
    assertPrototypeClean();
  } catch (error) {
    failures.push(String(error));
  }
  return failures;
}
