// Event types and sources named like Object.prototype's members are plain data in
// `atomiton events stats`, `tail` and `replay`, on Deno and on Node (where `__proto__` is a setter).
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROTOTYPE_KEYS } from "../../scripts/testing/hostile.ts";
import { captureIo } from "../testdata/cli.ts";
import { buildNodeBin, runNodeBin } from "../testdata/node_bin.ts";
import { main } from "../mod.ts";

/** Type `PROTOTYPE_KEYS[i]` i + 1 times, from the source named in reverse order; 10 ms apart. */
function hostileLog(): string {
  const lines: string[] = [];
  let timestamp = 1_700_000_000_000;
  PROTOTYPE_KEYS.forEach((type, i) => {
    const source = PROTOTYPE_KEYS[PROTOTYPE_KEYS.length - 1 - i]!;
    for (let n = 0; n <= i; n++) {
      lines.push(JSON.stringify({ type, source, timestamp: timestamp += 10, data: n }));
    }
  });
  return lines.join("\n") + "\n";
}

type Run = (args: string[]) => Promise<{ code: number; out: string; err: string }>;

/** Runs the commands on a hostile log and returns what was wrong (empty when all is well). */
async function problems(run: Run, log: string): Promise<string[]> {
  const found: string[] = [];
  const expect = (ok: boolean, what: string): void => void (ok || found.push(what));
  const json = await run(["events", "stats", log, "--json"]);
  expect(json.code === 0, `stats --json exited ${json.code}: ${json.err}`);
  const stats = JSON.parse(json.out || "{}");
  PROTOTYPE_KEYS.forEach((key, i) => {
    const type = Object.hasOwn(stats.types ?? {}, key) ? stats.types[key] : undefined;
    expect(type?.count === i + 1, `type ${key}: ${JSON.stringify(type)}`);
    const source = Object.hasOwn(stats.sources ?? {}, key) ? stats.sources[key] : undefined;
    expect(source === PROTOTYPE_KEYS.length - i, `source ${key}: ${JSON.stringify(source)}`);
  });
  const text = await run(["events", "stats", log]);
  PROTOTYPE_KEYS.forEach((key, i) => {
    expect(new RegExp(`\\n${key} +${i + 1} `).test(text.out), `stats row of ${key}:\n${text.out}`);
  });
  const tail = await run(["events", "tail", log, "-n", "100", "--json"]);
  const types = tail.out.trimEnd().split("\n").map((line) => JSON.parse(line).type);
  expect(
    JSON.stringify([...new Set(types)]) === JSON.stringify(PROTOTYPE_KEYS),
    `tail: ${tail.out}`,
  );
  const replay = await run(["events", "replay", log, "--speed", "0", "--json"]);
  expect(replay.out === tail.out, `replay: ${replay.out}`);
  return found;
}

Deno.test("events stats, tail and replay keep prototype-named types and sources as plain data", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-cli-proto-" });
  try {
    const log = join(dir, "hostile.jsonl");
    await Deno.writeTextFile(log, hostileLog());
    const run: Run = async (args) => {
      const io = captureIo({}, { cwd: dir });
      const code = await main(args, { io, signal: new AbortController().signal });
      return { code, out: io.out(), err: io.err() };
    };
    assert.deepEqual(await problems(run, log), []);
    assert.equal(({} as { count?: unknown }).count, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("events stats, tail and replay keep prototype-named types and sources as plain data on Node", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-cli-proto-node-" });
  try {
    const log = join(dir, "hostile.jsonl");
    await Deno.writeTextFile(log, hostileLog());
    const bin = await buildNodeBin(dir);
    const run: Run = (args) => runNodeBin(bin, args, dir);
    assert.deepEqual(await problems(run, log), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
