import assert from "node:assert/strict";

// What `import "@atomiton/execution"` loads: the pool and its errors; not the worker layer or the
// histogram, which load with a pool's first worker, nor @atomiton/resilience (the default breaker is
// the pool's own, _start_breaker.ts). See the README's Size.
Deno.test("the main entry loads neither the worker layer, nor the histogram, nor resilience", async () => {
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("./mod.ts", import.meta.url).href],
    stdout: "piped",
  }).output();
  const graph: {
    modules: {
      specifier: string;
      dependencies?: { code?: { specifier: string }; isDynamic?: boolean }[];
    }[];
  } = JSON.parse(new TextDecoder().decode(stdout));
  const bySpecifier = new Map(graph.modules.map((module) => [module.specifier, module]));
  const loaded = new Set<string>();
  const visit = (specifier: string): void => {
    if (loaded.has(specifier)) return;
    loaded.add(specifier);
    for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dependency.code && !dependency.isDynamic) visit(dependency.code.specifier);
    }
  };
  visit(new URL("./mod.ts", import.meta.url).href);
  assert.ok(loaded.has(new URL("./worker_pool.ts", import.meta.url).href), "the pool loads");
  const eager = [...loaded].map((specifier) => new URL(specifier).pathname);
  for (
    const lazy of [
      "/resilience/",
      "/execution/_serve.ts",
      "/execution/worker.ts",
      "/platform/histogram.ts",
    ]
  ) {
    assert.deepEqual(
      eager.filter((path) => path.includes(lazy)),
      [],
      `${lazy} loads only with a worker`,
    );
  }
});
