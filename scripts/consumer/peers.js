// deno-lint-ignore-file no-console
// The optional peers at the versions one consumer cell installed (lowest or highest of each
// declared range): the store's React hook rendered on the server, storage and events over a
// real Redis through the installed ioredis. Run by Node in the cell's folder (see
// consumer_test.ts); prints one ATOMITON_SMOKE_RESULT line with the versions it met.
import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createBlueprintStore } from "@atomiton/store";
import { useStore } from "@atomiton/store/react";
import { EventClient } from "@atomiton/events";
import { RedisStreamTransport } from "@atomiton/events/redis";
import { RedisStorageClient } from "@atomiton/storage/redis";

const versionOf = (name) =>
  JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")).version;

function renderHook(check) {
  const store = createBlueprintStore();
  store.getState().add({ name: "Nightly", tags: ["daily"] });
  const Count = () =>
    createElement("p", null, `${useStore(store, (s) => s.blueprints.size)} blueprints`);
  const html = renderToString(createElement(Count));
  check(html === "<p>1 blueprints</p>", `useStore rendered ${html}`);
}

async function redisStorage(check, url) {
  const storage = new RedisStorageClient({
    url,
    namespace: `consumer-${Date.now()}-${process.pid}:`,
  });
  try {
    await storage.set("user:1", { name: "Ada", at: 1 });
    const value = await storage.get("user:1");
    check(value?.name === "Ada" && value.at === 1, `storage round trip ${JSON.stringify(value)}`);
    check((await storage.keys("user:")).join() === "user:1", "storage keys");
    await storage.delete("user:1");
    check((await storage.get("user:1")) === undefined, "storage delete");
  } finally {
    await storage.close();
  }
}

async function redisEvents(check, url) {
  const stream = `consumer-${Math.random()}`;
  const a = new EventClient({ source: "a" });
  const b = new EventClient({ source: "b" });
  const ta = new RedisStreamTransport(a, { redis: url, stream });
  const tb = new RedisStreamTransport(b, { redis: url, stream });
  try {
    await Promise.all([ta.ready, tb.ready]);
    const got = b.once("job:done");
    a.emit("job:done", { id: "42" });
    check((await got)?.id === "42", "an event crossed Redis Streams");
  } finally {
    await Promise.all([ta.close(), tb.close()]);
  }
}

const failures = [];
const check = (ok, message) => void (ok || failures.push(message));
try {
  renderHook(check);
  const url = process.env.ATOMITON_REDIS_URL;
  if (url) {
    await redisStorage(check, url);
    await redisEvents(check, url);
  }
} catch (error) {
  failures.push(String(error?.stack ?? error));
}
const versions = Object.fromEntries(
  ["react", "react-dom", "ioredis", "typescript", "zustand"].map((name) => [name, versionOf(name)]),
);
console.log("ATOMITON_SMOKE_RESULT " + JSON.stringify({ failures, versions }));
