/**
 * Emit throughput of `EventClient` (with error isolation on, as always) against
 * mitt, eventemitter3, nanoevents and tseep, in one process.
 *
 * Run: `deno run -A bench/run.ts bench/events_compare.ts` (Deno, then Node).
 *
 * The last two groups probe the limit: ours against the same shape (a call
 * site per handler, no generated code) with the isolation taken out, on the
 * same client and handlers, which is what error isolation itself costs.
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
type Handler = (n: number) => void;
let sink = 0;
const handler = (n: number): void => {
  sink += n;
};

function contenders(
  listeners: number,
  wildcard: boolean,
): { ours: BenchCase; peers: BenchCase[]; client: EventClient<Events>; handlers: Handler[] } {
  const ours = new EventClient<Events>();
  const handlers: Handler[] = [];
  const m = mitt<Events>();
  const ee3 = new EventEmitter3();
  const nano = createNanoEvents<{ tick: (n: number) => void }>();
  const tseep = new Tseep<{ tick: (n: number) => void }>();
  for (let i = 0; i < listeners; i++) {
    // Distinct functions, as real subscribers are.
    const h = (n: number): void => handler(n);
    handlers.push(h);
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
    client: ours,
    handlers,
    ours: { name: "@atomiton/events", fn: loop((n) => ours.emit("tick", n)), ops: OPS },
    peers: [
      { name: "tseep", fn: loop((n) => tseep.emit("tick", n)), ops: OPS },
      { name: "mitt", fn: loop((n) => m.emit("tick", n)), ops: OPS },
      { name: "eventemitter3", fn: loop((n) => ee3.emit("tick", n)), ops: OPS },
      { name: "nanoevents", fn: loop((n) => nano.emit("tick", n)), ops: OPS },
    ],
  };
}

type Listener = { handler: (n: number) => void; live: boolean };

/** Ten handlers the way our dispatcher calls them (a call site each), without isolation. */
function withoutIsolation(handlers: Handler[]): Handler {
  const [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9] = handlers.map((handler): Listener => ({
    handler,
    live: true,
  })) as [
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
  return (n) => {
    if (s0.live) s0.handler(n);
    if (s1.live) s1.handler(n);
    if (s2.live) s2.handler(n);
    if (s3.live) s3.handler(n);
    if (s4.live) s4.handler(n);
    if (s5.live) s5.handler(n);
    if (s6.live) s6.handler(n);
    if (s7.live) s7.handler(n);
    if (s8.live) s8.handler(n);
    if (s9.live) s9.handler(n);
  };
}

/**
 * Ours against the same shape without isolation, on a client and handlers measured above: the
 * call sites have seen the same functions, so the difference is what isolation costs.
 */
function isolationProbe(
  client: EventClient<Events>,
  handlers: Handler[],
): { ours: BenchCase; peers: BenchCase[] } {
  // One handler: called directly, as tseep does.
  const bare = new Map([[
    "tick",
    handlers.length === 1 ? handlers[0]! : withoutIsolation(handlers),
  ]]);
  const loop = (emit: (n: number) => void) => (): void => {
    for (let i = 0; i < OPS; i++) emit(i);
  };
  return {
    ours: { name: "@atomiton/events", fn: loop((n) => client.emit("tick", n)), ops: OPS },
    peers: [{ name: "same shape, no isolation", fn: loop((n) => bare.get("tick")!(n)), ops: OPS }],
  };
}

const probed = new Map<number, { client: EventClient<Events>; handlers: Handler[] }>();
for (
  const [group, listeners, wildcard] of [
    ["emit, one listener", 1, false],
    ["emit, ten listeners", 10, false],
    ["emit, one listener and a wildcard", 1, true],
  ] as const
) {
  const { ours, peers, client, handlers } = contenders(listeners, wildcard);
  if (!wildcard) probed.set(listeners, { client, handlers });
  await compare(group, ours, peers);
}
for (const [listeners, { client, handlers }] of probed) {
  const { ours, peers } = isolationProbe(client, handlers);
  const what = listeners === 1 ? "one listener" : "ten listeners";
  await compare(`emit, ${what}: what isolation costs (probe)`, ours, peers);
}
if (sink === 0) throw new Error("handlers never ran");
