// deno-lint-ignore-file no-console -- one test captures the default warning
import assert from "node:assert/strict";
import { EventsError } from "./mod.ts";
import { readEventLog } from "./recorder.ts";

async function collect(chunks: (string | Uint8Array)[]): Promise<unknown[]> {
  const out = [];
  for await (const event of readEventLog(ReadableStream.from(chunks))) out.push(event.data);
  return out;
}

Deno.test("readEventLog() joins lines and characters split across chunks", async () => {
  const text = '{"type":"a","source":"s","timestamp":1,"data":"héllo"}\n' +
    '{"type":"a","source":"s","timestamp":2,"data":"✓"}';
  const bytes = new TextEncoder().encode(text);
  // Split inside "é" and inside "✓", and inside the first line.
  const cuts = [10, 48, bytes.length - 5, bytes.length - 4];
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  assert.deepEqual(await collect(chunks), ["héllo", "✓"]);
  assert.deepEqual(await collect([text.slice(0, 30), text.slice(30) + "\n\n"]), ["héllo", "✓"]);
});

Deno.test("readEventLog() reports a bad line with its number", async () => {
  const good = '{"type":"a","source":"s","timestamp":1,"data":1}\n';
  await assert.rejects(
    collect([good, good, "not json\n"]),
    (e) => e instanceof EventsError && e.code === "INVALID_LOG" && /line 3/.test(e.message),
  );
});

Deno.test("readEventLog() skips a last line cut short by a crash, with a warning the caller gets", async () => {
  const good = '{"type":"a","source":"s","timestamp":1,"data":1}\n';
  const warnings: EventsError[] = [];
  const types: string[] = [];
  const source = ReadableStream.from([good, good, '{"type":"a","sour']);
  for await (const event of readEventLog(source, { onWarning: (w) => warnings.push(w) })) {
    types.push(event.type);
  }
  assert.deepEqual(types, ["a", "a"]);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.code, "INVALID_LOG");
  assert.match(warnings[0]!.message, /^line 3 is cut short/);
});

Deno.test("readEventLog() warns on the console by default when it skips a last line", async () => {
  const original = console.warn;
  const printed: string[] = [];
  console.warn = (...args: unknown[]) => printed.push(args.join(" "));
  try {
    assert.deepEqual(await collect(['{"type":"a","source":"s","timestamp":1,"data":1}\n{"ty']), [
      1,
    ]);
  } finally {
    console.warn = original;
  }
  assert.equal(printed.length, 1);
  assert.match(printed[0]!, /^warning: line 2 is cut short/);
});
