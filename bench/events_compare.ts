/**
 * Emit throughput of `EventClient` (with error isolation on, as always) against
 * mitt, eventemitter3, nanoevents and tseep, in one process.
 *
 * Run: `deno run -A bench/run.ts bench/events_compare.ts` (Deno, then Node).
 *
 * @module
 */
import { EventClient } from "@atomiton/events";
import mittDefault, { type Emitter, type EventType } from "mitt";
import { EventEmitter as EventEmitter3 } from "eventemitter3";
import { createNanoEvents } from "nanoevents";
import { EventEmitter as Tseep } from "tseep";
import { type BenchCase, compare } from "./_harness.ts";

type Events = { tick: number; other: number };
// mitt's types declare an ES default export; under Deno's checker the default import is typed as
// the module, though at run time it is the function.
const mitt = mittDefault as unknown as <E extends Record<EventType, unknown>>() => Emitter<E>;
const OPS = 1000;
let sink = 0;
const handler = (n: number): void => {
  sink += n;
};

function contenders(
  listeners: number,
  wildcard: boolean,
): { ours: BenchCase; peers: BenchCase[] } {
  const ours = new EventClient<Events>();
  const m = mitt<Events>();
  const ee3 = new EventEmitter3();
  const nano = createNanoEvents<{ tick: (n: number) => void }>();
  const tseep = new Tseep<{ tick: (n: number) => void }>();
  for (let i = 0; i < listeners; i++) {
    // Distinct functions, as real subscribers are.
    const h = (n: number): void => handler(n);
    ours.on("tick", h);
    m.on("tick", h);
    ee3.on("tick", h);
    nano.on("tick", h);
    tseep.on("tick", h);
  }
  if (wildcard) {
    // Only ours and mitt have wildcards; the others get one more plain listener, the same work.
    const all = (): void => handler(1);
    ours.on("*", all);
    m.on("*", all);
    ee3.on("tick", all);
    nano.on("tick", all);
    tseep.on("tick", all);
  }
  const loop = (emit: (n: number) => void) => (): void => {
    for (let i = 0; i < OPS; i++) emit(i);
  };
  return {
    ours: { name: "@atomiton/events", fn: loop((n) => ours.emit("tick", n)), ops: OPS },
    peers: [
      { name: "tseep", fn: loop((n) => tseep.emit("tick", n)), ops: OPS },
      { name: "mitt", fn: loop((n) => m.emit("tick", n)), ops: OPS },
      { name: "eventemitter3", fn: loop((n) => ee3.emit("tick", n)), ops: OPS },
      { name: "nanoevents", fn: loop((n) => nano.emit("tick", n)), ops: OPS },
    ],
  };
}

for (
  const [group, listeners, wildcard] of [
    ["emit, one listener", 1, false],
    ["emit, ten listeners", 10, false],
    ["emit, one listener and a wildcard", 1, true],
  ] as const
) {
  const { ours, peers } = contenders(listeners, wildcard);
  await compare(group, ours, peers);
}
if (sink === 0) throw new Error("handlers never ran");
