/**
 * The `permissions` option on Deno: real child `deno` processes that may do what
 * they were granted and nothing else.
 */
import assert from "node:assert/strict";
import { ExecutionError } from "./execution_error.ts";
import { WorkerPool } from "./worker_pool.ts";
import { rejection } from "./testdata/wait_for.ts";

// One task that tries whatever it is asked to, so each check is one pool.run().
const PROBE = `data:text/javascript,${
  encodeURIComponent(`export default async ({ op, arg }) => {
  if (op === "read") return await Deno.readTextFile(arg);
  if (op === "write") return await Deno.writeTextFile(arg, "x");
  if (op === "fetch") return (await fetch(arg)).status;
  if (op === "env") return Deno.env.get(arg) ?? null;
  if (op === "run") return (await new Deno.Command(arg).output()).code;
  if (op === "sys") return Deno.hostname();
  if (op === "import") return Object.keys(await import(arg)).length;
  throw new Error("unknown op " + op);
};`)
}`;

type Probe = { op: string; arg: string };

/** Whether a task's failure is Deno refusing a permission, the way the caller gets it. */
function refused(error: unknown): boolean {
  const { name, message } = error as { name?: string; message?: string };
  return (name === "NotCapable" || name === "PermissionDenied") &&
    /Requires \w+ access/.test(message ?? "");
}

async function fixture(): Promise<{ dir: string; inside: string; outside: string }> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-sandbox-" });
  const other = await Deno.makeTempDir({ prefix: "atomiton-outside-" });
  await Deno.writeTextFile(`${dir}/in.txt`, "inside");
  await Deno.writeTextFile(`${other}/out.txt`, "outside");
  return { dir, inside: `${dir}/in.txt`, outside: `${other}/out.txt` };
}

Deno.test("WorkerPool with permissions {} on Deno: reading, writing, fetch, env, programs and system facts are refused", async () => {
  const { inside, dir } = await fixture();
  // A real server on loopback: a refusal cannot be a connection failure.
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response("ok"),
  );
  const url = `http://127.0.0.1:${server.addr.port}/`;
  Deno.env.set("ATOMITON_SANDBOX_SECRET", "s3cret");
  try {
    await using pool = new WorkerPool(PROBE, { maxWorkers: 1, permissions: {} });
    const probes: Probe[] = [
      { op: "read", arg: inside },
      { op: "write", arg: `${dir}/new.txt` },
      { op: "fetch", arg: url },
      { op: "env", arg: "ATOMITON_SANDBOX_SECRET" },
      { op: "run", arg: "true" },
      { op: "sys", arg: "" },
    ];
    for (const probe of probes) {
      const error = await rejection(pool.run(probe));
      assert.ok(refused(error), `${probe.op} was not refused: ${String(error)}`);
    }
    assert.equal(pool.stats().crashed, 0, "a refusal fails the task, not the worker");
    // The same server answers this process: the refusal was the sandbox's.
    assert.equal(await fetch(url).then((r) => r.text()), "ok");
  } finally {
    Deno.env.delete("ATOMITON_SANDBOX_SECRET");
    await server.shutdown();
  }
});

Deno.test("WorkerPool with permissions on Deno: each grant opens exactly what it names", async () => {
  const { dir, inside, outside } = await fixture();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response("ok"),
  );
  const host = `127.0.0.1:${server.addr.port}`;
  Deno.env.set("ATOMITON_SANDBOX_GRANTED", "yes");
  try {
    await using pool = new WorkerPool(PROBE, {
      maxWorkers: 1,
      permissions: { read: [dir], write: [dir], net: [host], env: ["ATOMITON_SANDBOX_GRANTED"] },
    });
    assert.equal(await pool.run({ op: "read", arg: inside }), "inside");
    assert.ok(refused(await rejection(pool.run({ op: "read", arg: outside }))));
    await pool.run({ op: "write", arg: `${dir}/new.txt` });
    assert.equal(await Deno.readTextFile(`${dir}/new.txt`), "x");
    assert.equal(await pool.run({ op: "fetch", arg: `http://${host}/` }), 200);
    assert.equal(await pool.run({ op: "env", arg: "ATOMITON_SANDBOX_GRANTED" }), "yes");
    assert.ok(refused(await rejection(pool.run({ op: "env", arg: "HOME" }))));
    assert.ok(refused(await rejection(pool.run({ op: "run", arg: "true" }))));
  } finally {
    Deno.env.delete("ATOMITON_SANDBOX_GRANTED");
    await server.shutdown();
  }
});

Deno.test("WorkerPool with permissions on Deno: an empty list grants nothing", async () => {
  const { inside } = await fixture();
  await using pool = new WorkerPool(PROBE, { maxWorkers: 1, permissions: { read: [] } });
  assert.ok(refused(await rejection(pool.run({ op: "read", arg: inside }))));
});

Deno.test("WorkerPool with permissions on Deno: no module from npm or the hosts Deno lets anyone import from", async () => {
  await using pool = new WorkerPool(PROBE, { maxWorkers: 1, permissions: {} });
  // fast-check is in the cache, esm.sh on Deno's default import list: both would load otherwise.
  const npm = await rejection(pool.run({ op: "import", arg: "npm:fast-check" }));
  assert.match(String((npm as Error).message), /--no-npm/);
  const remote = await rejection(pool.run({ op: "import", arg: "https://esm.sh/fast-check" }));
  assert.match(String((remote as Error).message), /--no-remote/);
  // data: modules load: that is how a sandboxed task loads the code it runs.
  assert.equal(
    await pool.run({ op: "import", arg: "data:text/javascript,export const a = 1;" }),
    1,
  );
});

Deno.test("WorkerPool with permissions on Deno: a file: task module reads its own file only", async () => {
  const { dir, outside } = await fixture();
  const module = `${dir}/task.mjs`;
  await Deno.writeTextFile(module, "export default (path) => Deno.readTextFile(path);");
  await using pool = new WorkerPool(new URL(`file://${module}`), {
    maxWorkers: 1,
    permissions: {},
  });
  assert.ok(refused(await rejection(pool.run(outside))));
  assert.ok(refused(await rejection(pool.run(`${dir}/in.txt`))), "its folder stays closed");
});

Deno.test("WorkerPool refuses permissions it cannot express, naming what is allowed", () => {
  const bad: unknown[] = [
    null,
    ["read"],
    { run: ["true"] },
    { read: "/tmp" },
    { read: [""] },
    { read: ["/tmp/a,/"] }, // Deno splits on commas: this would grant "/"
    { net: [42] },
  ];
  for (const permissions of bad) {
    assert.throws(
      () => new WorkerPool(PROBE, { permissions: permissions as { read: string[] } }),
      (error) =>
        error instanceof ExecutionError && error.code === "INVALID_OPTION" &&
        /read\?, write\?, net\?, env\?/.test(error.message),
      JSON.stringify(permissions),
    );
  }
});
