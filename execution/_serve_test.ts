// The worker side of the pool protocol, run in this thread with a fake host, so
// each reply can be checked in order (the pool tests run it in real workers).
import assert from "node:assert/strict";
import { type Host, serve } from "./_serve.ts";
import {
  CANCEL,
  DRAIN,
  ERROR,
  LOAD_FAILED,
  NO_TASK,
  OK,
  PROGRESS,
  READY,
  SKIPPED,
  TASKS,
} from "./_protocol.ts";
import { unpackError } from "./_codec.ts";
import type { TransferableObject } from "./transferable_object.ts";
import type { PackedError } from "./_codec.ts";

const TASKS_URL = new URL("./testdata/tasks.mjs", import.meta.url).href;

type Reply3 = [unknown[], unknown[], unknown[]];

interface FakeWorker {
  readonly messages: unknown[][];
  readonly transfers: (TransferableObject[] | undefined)[];
  send(message: unknown[]): void;
  next(count?: number): Promise<unknown[][]>;
}

/** Serves `url` with a host that records every reply. */
function start(url = TASKS_URL, post?: Host["post"]): FakeWorker {
  const messages: unknown[][] = [];
  const transfers: (TransferableObject[] | undefined)[] = [];
  let handler: (message: unknown[]) => void = () => {};
  let seen = 0;
  let wake = (): void => {};
  serve(url, {
    post: post ?? ((message, transfer) => {
      messages.push(message);
      transfers.push(transfer);
      wake();
    }),
    listen: (h) => handler = h,
    load: (u) => import(u),
  });
  const worker: FakeWorker = {
    messages,
    transfers,
    send: (message) => handler(message),
    async next(count = 1): Promise<unknown[][]> {
      while (messages.length < seen + count) await new Promise<void>((r) => wake = r);
      const batch = messages.slice(seen, seen + count);
      seen += count;
      return batch;
    },
  };
  return worker;
}

Deno.test("serve() says READY once the module loaded, then answers tasks in order", async () => {
  const worker = start();
  assert.deepEqual(await worker.next(), [[READY]]);
  worker.send([TASKS, 1, undefined, 2, 2, "add", { a: 1, b: 2 }, 3, undefined, 5]);
  assert.deepEqual(await worker.next(3), [[OK, 4], [OK, 3], [OK, 10]]);
});

Deno.test("serve() answers async tasks one at a time, in order", async () => {
  const worker = start();
  await worker.next();
  worker.send([TASKS, 1, "later", { value: "slow", ms: 20 }, 2, undefined, 1]);
  worker.send([TASKS, 3, "later", { value: "fast", ms: 1 }]);
  assert.deepEqual(await worker.next(3), [[OK, "slow"], [OK, 2], [OK, "fast"]]);
});

Deno.test("serve() packs a task's error with its name, code and cause", async () => {
  const worker = start();
  await worker.next();
  worker.send([TASKS, 1, "fail", null, 2, "throwString", null, 3, "rejectAsync", null]);
  const [[kind, packed], [, thrown], [, rejected]] = await worker.next(3) as Reply3;
  assert.equal(kind, ERROR);
  const error = unpackError(packed as PackedError) as Error & { code: string };
  assert.equal(error.name, "ValidationError");
  assert.equal(error.code, "E_BAD_INPUT");
  assert.ok(error.cause instanceof RangeError);
  assert.equal(unpackError(thrown as PackedError), "plain string");
  assert.ok(unpackError(rejected as PackedError) instanceof SyntaxError);
});

Deno.test("serve() says NO_TASK for a missing or non-function export", async () => {
  const worker = start();
  await worker.next();
  worker.send([TASKS, 1, "nope", null, 2, "notAFunction", null]);
  assert.deepEqual(await worker.next(2), [[NO_TASK, "nope"], [NO_TASK, "notAFunction"]]);
});

Deno.test("serve() reports progress only while the task runs, and moves transfers", async () => {
  const worker = start();
  await worker.next();
  worker.send([TASKS, 1, "progress", 2, 2, "makeBuffer", 4]);
  const replies = await worker.next(4);
  assert.deepEqual(replies.slice(0, 3), [[PROGRESS, 1], [PROGRESS, 2], [OK, "done"]]);
  const [kind, bytes] = replies[3]!;
  assert.equal(kind, OK);
  assert.deepEqual([...(bytes as Uint8Array)], [7, 7, 7, 7]);
  assert.deepEqual(worker.transfers[4], [(bytes as Uint8Array).buffer]);
});

Deno.test("serve() skips a cancelled task that has not started, and aborts a running one", async () => {
  const worker = start();
  await worker.next();
  worker.send([TASKS, 1, "cooperative", null, 2, undefined, 1, 3, undefined, 2]);
  worker.send([CANCEL, 2, { e: false, value: "skip it" }]);
  worker.send([CANCEL, 99, { e: false, value: "not here: ignored" }]);
  worker.send([CANCEL, 1, { e: true, name: "TaskTimeoutError", message: "late", code: "T" }]);
  const [[kind, packed], skipped, third] = await worker.next(3) as Reply3;
  assert.equal(kind, ERROR);
  const reason = unpackError(packed as PackedError) as Error & { code: string };
  assert.equal(reason.name, "TaskTimeoutError");
  assert.equal(reason.code, "T");
  assert.deepEqual(skipped, [SKIPPED]);
  assert.deepEqual(third, [OK, 4]);
});

Deno.test("serve() gives a task cancelled before it read its signal an aborted signal", async () => {
  const worker = start();
  await worker.next();
  worker.send([TASKS, 1, "sawAbort", 30]);
  worker.send([CANCEL, 1, { e: true, name: "AbortError", message: "stop" }]);
  assert.deepEqual(await worker.next(), [[OK, "aborted: AbortError"]]);
});

Deno.test("serve() DRAIN skips every task not started yet", async () => {
  const worker = start();
  await worker.next();
  worker.send([TASKS, 1, "later", { value: "running", ms: 20 }, 2, undefined, 1, 3, undefined, 2]);
  worker.send([DRAIN]);
  assert.deepEqual(await worker.next(3), [[OK, "running"], [SKIPPED], [SKIPPED]]);
});

Deno.test("serve() lets a cancel in between sync tasks in after a slice of work", async () => {
  const worker = start();
  await worker.next();
  // Due while task 1 blocks the thread, as a message would arrive: seen before task 2 starts.
  setTimeout(() => worker.send([CANCEL, 2, { e: false, value: "stop" }]), 0);
  worker.send([TASKS, 1, "spin", 20, 2, undefined, 1, 3, undefined, 2]);
  assert.deepEqual(await worker.next(3), [[OK, 20], [SKIPPED], [OK, 4]]);
});

for (const refuseErrors of [false, true]) {
  Deno.test(
    `serve() fails a task whose output cannot be sent${
      refuseErrors ? ", as text if even its error cannot" : ""
    }`,
    async () => {
      const messages: unknown[][] = [];
      let wake = (): void => {};
      const worker = start(TASKS_URL, (message) => {
        if (message[0] === OK && typeof message[1] === "function") {
          throw new DOMException("cannot clone a function", "DataCloneError");
        }
        if (refuseErrors && message[0] === ERROR && (message[1] as PackedError).e) {
          throw new Error("nor the error");
        }
        messages.push(message);
        wake();
      });
      while (messages.length < 1) await new Promise<void>((r) => wake = r);
      worker.send([TASKS, 1, "unclonable", null]);
      while (messages.length < 2) await new Promise<void>((r) => wake = r);
      const [kind, packed] = messages[1]!;
      assert.equal(kind, ERROR);
      if (refuseErrors) {
        assert.deepEqual(packed, { e: false, value: "DataCloneError: cannot clone a function" });
      } else assert.equal((packed as PackedError).name, "DataCloneError");
    },
  );
}

Deno.test("serve() says LOAD_FAILED when the module cannot load", async () => {
  const worker = start(new URL("./testdata/broken.mjs", import.meta.url).href);
  const [[kind, packed]] = await worker.next() as [unknown[]];
  assert.equal(kind, LOAD_FAILED);
  assert.match((unpackError(packed as PackedError) as Error).message, /broken on purpose/);
});
