import assert from "node:assert/strict";
import fc from "fast-check";
import { EventClient, EventsError, type Unsubscribe } from "./mod.ts";
import { assertPrototypeClean, hostileString } from "../scripts/testing/hostile.ts";

// The model: subscriptions in the order they were made; an emit runs, in that
// order, every one whose pattern matches; `once` ones end after their first.
interface ModelSub {
  readonly id: number;
  readonly pattern: string;
  readonly handler: number;
  readonly once: boolean;
}

const isValidPattern = (p: string): boolean => p !== "" && !p.slice(0, -1).includes("*");
const matches = (pattern: string, type: string): boolean =>
  pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type;

type Command =
  | {
    readonly op: "on";
    readonly name: number;
    readonly kind: number;
    readonly handler: number;
    readonly once: boolean;
  }
  | { readonly op: "unsubscribe"; readonly name: number }
  | { readonly op: "off"; readonly name: number; readonly kind: number; readonly handler: number }
  | { readonly op: "emit"; readonly name: number; readonly suffix: string };

const index = fc.nat(11);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant("on" as const),
    name: index,
    kind: fc.nat(2),
    handler: fc.nat(2),
    once: fc.boolean(),
  }),
  fc.record({ op: fc.constant("unsubscribe" as const), name: index }),
  fc.record({ op: fc.constant("off" as const), name: index, kind: fc.nat(2), handler: fc.nat(2) }),
  fc.record({
    op: fc.constant("emit" as const),
    name: index,
    suffix: fc.oneof(fc.constant(""), fc.string({ maxLength: 3 })),
  }),
);

/** An exact type, a prefix pattern, or `"*"`, from a name. */
const patternOf = (name: string, kind: number): string =>
  kind === 0 ? name : kind === 1 ? `${name}*` : "*";

/** Runs `commands` on a client and on the model; throws at the first difference. */
function check(names: readonly string[], commands: readonly Command[]): void {
  const calls: string[] = [];
  const handlers = [0, 1, 2, 3].map((h) => (data: unknown, type: string): void => {
    calls.push(`${h} ${type} ${String(data)}`);
  });
  const client = new EventClient({ maxListeners: 0 });
  let model: ModelSub[] = [];
  const made: { id: number; off: Unsubscribe }[] = [];
  let nextId = 0;
  let emits = 0;
  for (const c of commands) {
    const name = names[c.name % names.length]!;
    if (c.op === "on" || c.op === "off") {
      const pattern = patternOf(name, c.kind);
      if (!isValidPattern(pattern)) {
        const fails = c.op === "on"
          ? () => client.on(pattern, handlers[c.handler]!, { once: c.once })
          : () => client.off(pattern, handlers[c.handler]!);
        assert.throws(fails, (e) => e instanceof EventsError && e.code === "INVALID_TYPE");
      } else if (c.op === "on") {
        const off = client.on(pattern, handlers[c.handler]!, { once: c.once });
        made.push({ id: nextId, off });
        model.push({ id: nextId++, pattern, handler: c.handler, once: c.once });
      } else {
        const earliest = model.find((s) => s.pattern === pattern && s.handler === c.handler);
        assert.equal(client.off(pattern, handlers[c.handler]!), earliest !== undefined);
        model = model.filter((s) => s !== earliest);
      }
    } else if (c.op === "unsubscribe") {
      // `name` picks which subscription made so far.
      const sub = made[c.name % Math.max(1, made.length)];
      sub?.off();
      model = model.filter((s) => s.id !== sub?.id);
    } else {
      const type = name + c.suffix;
      const data = emits++;
      const expected = model.filter((s) => matches(s.pattern, type));
      calls.length = 0;
      client.emit(type, data);
      assert.deepEqual(calls, expected.map((s) => `${s.handler} ${type} ${data}`));
      model = model.filter((s) => !(s.once && expected.includes(s)));
    }
    assert.equal(client.listenerCount(), model.length);
    for (const pattern of new Set(model.map((s) => s.pattern))) {
      assert.equal(
        client.listenerCount(pattern),
        model.filter((s) => s.pattern === pattern).length,
      );
    }
  }
}

Deno.test("EventClient on/once/off/unsubscribe/emit behave as the model, with random and hostile names", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(hostileString(), { minLength: 1, maxLength: 3 }),
      fc.array(command, { maxLength: 80, size: "max" }),
      (names, commands) => check(names, commands),
    ),
    { numRuns: 300 },
  );
  assertPrototypeClean();
});

Deno.test("EventClient.events() keeps the newest bufferSize events and counts the rest as dropped", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.oneof(fc.constant("emit" as const), fc.constant("next" as const)), {
        maxLength: 40,
        size: "max",
      }),
      async (size, steps) => {
        const client = new EventClient<{ tick: number }>();
        const stream = client.events("tick", { bufferSize: size });
        const queue: number[] = [];
        let dropped = 0;
        let n = 0;
        for (const step of steps) {
          if (step === "emit") {
            client.emit("tick", n);
            queue.push(n++);
            if (queue.length > size) {
              queue.shift();
              dropped++;
            }
          } else if (queue.length > 0) {
            const { value } = await stream.next();
            assert.equal(value?.data, queue.shift());
          }
          assert.equal(stream.dropped, dropped);
        }
        await stream.return();
        assert.equal(client.listenerCount(), 0);
      },
    ),
    { numRuns: 300 },
  );
});
