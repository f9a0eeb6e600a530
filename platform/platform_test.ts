import assert from "node:assert/strict";
import {
  assertCapability,
  CapabilityError,
  detectRuntime,
  env,
  getPlatformInfo,
  hasCapability,
  PlatformError,
} from "./mod.ts";
import { memoryUsage, now } from "./metrics.ts";
import { PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";

Deno.test("detectRuntime() says deno on Deno", () => {
  assert.equal(detectRuntime(), "deno");
});

Deno.test("getPlatformInfo() describes this Deno process", () => {
  const info = getPlatformInfo();
  assert.equal(info.runtime, "deno");
  assert.equal(info.version, Deno.version.deno);
  assert.equal(info.os, Deno.build.os);
  assert.equal(info.arch, Deno.build.arch === "x86_64" ? "x64" : "arm64");
  assert.ok(info.hardwareConcurrency >= 1);
  assert.equal(info.capabilities.webCrypto, true);
  assert.equal(info.capabilities.broadcastChannel, true);
  assert.equal(info.capabilities.webWorkers, true);
  assert.equal(info.capabilities.fileSystem, true, "tests run with -A");
  assert.equal(info.ci, ["true", "1"].includes(Deno.env.get("CI") ?? ""));
});

Deno.test("getPlatformInfo() caches a frozen result until refreshed", () => {
  const first = getPlatformInfo();
  assert.equal(getPlatformInfo(), first);
  assert.ok(Object.isFrozen(first));
  assert.ok(Object.isFrozen(first.capabilities));
  const fresh = getPlatformInfo({ refresh: true });
  assert.notEqual(fresh, first);
  assert.deepEqual(fresh, first);
  assert.equal(getPlatformInfo(), fresh);
});

Deno.test("hasCapability() and assertCapability() agree with getPlatformInfo()", () => {
  assert.equal(hasCapability("indexedDB"), false);
  assert.equal(hasCapability("webCrypto"), true);
  assertCapability("webCrypto");
  assert.throws(
    () => assertCapability("indexedDB"),
    (thrown: unknown) =>
      thrown instanceof CapabilityError && thrown instanceof PlatformError &&
      thrown.code === "CAPABILITY_MISSING" && thrown.capability === "indexedDB" &&
      thrown.runtime === "deno" &&
      /"indexedDB" is not available on runtime "deno"/.test(thrown.message),
  );
});

Deno.test("hasCapability() and assertCapability() refuse an unknown name", () => {
  for (const check of [hasCapability, assertCapability]) {
    assert.throws(
      () => check("fileSystme" as never),
      (error: unknown) =>
        error instanceof PlatformError && error.code === "UNKNOWN_CAPABILITY" &&
        /expected one of fileSystem, childProcess/.test(error.message),
    );
  }
});

Deno.test("env() reads variables and refuses invalid names", () => {
  Deno.env.set("ATOMITON_PLATFORM_TEST", "yes");
  try {
    assert.equal(env("ATOMITON_PLATFORM_TEST"), "yes");
  } finally {
    Deno.env.delete("ATOMITON_PLATFORM_TEST");
  }
  assert.equal(env("ATOMITON_PLATFORM_TEST"), undefined);
  for (const name of ["", "A=B", "A\0B", 42 as unknown as string]) {
    assert.throws(
      () => env(name),
      (error: unknown) => error instanceof PlatformError && error.code === "INVALID_ENV_NAME",
    );
  }
});

Deno.test("now() is monotonic and measures elapsed time", async () => {
  const start = now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const elapsed = now() - start;
  assert.ok(elapsed >= 15, `elapsed ${elapsed}`);
  let previous = now();
  for (let i = 0; i < 1000; i++) {
    const current = now();
    assert.ok(current >= previous);
    previous = current;
  }
});

Deno.test("memoryUsage() reports this process's heap", () => {
  const usage = memoryUsage();
  assert.ok(usage !== undefined);
  assert.ok(usage.heapUsed > 0 && usage.heapUsed <= usage.heapTotal);
  assert.ok(usage.rss !== undefined && usage.rss > usage.heapUsed);
});

Deno.test("nothing throws or prompts on Deno without permissions", async () => {
  const script = `
    import * as p from ${JSON.stringify(new URL("./mod.ts", import.meta.url).href)};
    import * as m from ${JSON.stringify(new URL("./metrics.ts", import.meta.url).href)};
    const info = p.getPlatformInfo();
    console.log(JSON.stringify({
      runtime: info.runtime,
      home: p.env("HOME") ?? null,
      fs: info.capabilities.fileSystem,
      child: info.capabilities.childProcess,
      memory: m.memoryUsage() !== undefined,
    }));
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--no-config", "--deny-write", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = output.stdin.getWriter();
  await writer.write(new TextEncoder().encode(script));
  await writer.close();
  const { code, stdout, stderr } = await output.output();
  const err = new TextDecoder().decode(stderr);
  assert.equal(code, 0, err);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(stdout)), {
    runtime: "deno",
    home: null,
    fs: false,
    child: true,
    memory: true,
  });
});

Deno.test("hasCapability() and assertCapability() refuse Object.prototype's names as capabilities", () => {
  for (const name of PROTOTYPE_KEYS) {
    for (const ask of [hasCapability, assertCapability]) {
      assert.throws(
        () => ask(name as never),
        (error) => error instanceof PlatformError && error.code === "UNKNOWN_CAPABILITY",
        name,
      );
    }
  }
});
