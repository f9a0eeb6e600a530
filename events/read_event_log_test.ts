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
