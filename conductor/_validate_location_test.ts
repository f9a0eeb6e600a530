import assert from "node:assert/strict";
import { ConductorError } from "./conductor_error.ts";
import { decodeDataUrl } from "./_validate_io.ts";
import { displayUrl, pathToFileUrl, toBaseUrl } from "./_validate_location.ts";
import { validateBlueprint } from "./validate_blueprint.ts";

Deno.test("pathToFileUrl() escapes what a URL would read as syntax, like node:url", async () => {
  const { pathToFileURL } = await import("node:url");
  for (
    const path of ["/a b/c.json", "/x/100%/y#z?.json", "/tab\there", "/back\\slash", "/ü/💥.json"]
  ) {
    assert.equal(pathToFileUrl(path).href, pathToFileURL(path).href, path);
    assert.equal(displayUrl(pathToFileUrl(path)), path);
  }
  assert.equal(pathToFileUrl("C:\\flows\\a.json").href, "file:///C:/flows/a.json");
  assert.equal(displayUrl(new URL("file:///C:/flows/a.json")), "C:/flows/a.json");
  assert.equal(displayUrl(new URL("https://x/a.json")), "https://x/a.json");
});

Deno.test("toBaseUrl() takes a URL, a URL string, an absolute or a relative path", () => {
  assert.equal(toBaseUrl(new URL("file:///a/b.json")).href, "file:///a/b.json");
  assert.equal(toBaseUrl("https://x/b.json").href, "https://x/b.json");
  assert.equal(toBaseUrl("/a/b c.json").href, "file:///a/b%20c.json");
  assert.equal(toBaseUrl("../up.json").href, new URL("../up.json", `file://${Deno.cwd()}/`).href);
  for (const bad of ["", "http://", 5]) {
    assert.throws(() => toBaseUrl(bad as string), (error) => {
      assert.ok(error instanceof ConductorError);
      assert.equal(error.code, "INVALID_OPTION");
      assert.match(error.message, /"baseUrl" must be a URL, a URL string or a file path, got/);
      return true;
    });
  }
});

Deno.test("validateBlueprint() refuses a readText that is not a function", async () => {
  await assert.rejects(
    validateBlueprint({ nodes: [] }, { readText: "cat" as unknown as () => Promise<string> }),
    (error) =>
      error instanceof ConductorError && error.code === "INVALID_OPTION" &&
      /"readText" must be a function, got string/.test(error.message),
  );
});

Deno.test("decodeDataUrl() decodes percent-encoded and base64 text as UTF-8", () => {
  assert.equal(
    decodeDataUrl(new URL("data:application/json,%7B%22a%22%3A%22%C3%BC%22%7D")),
    '{"a":"ü"}',
  );
  assert.equal(decodeDataUrl(new URL(`data:;base64,${btoa("{}")}`)), "{}");
  assert.equal(decodeDataUrl(new URL("data:,100%")), "100%");
  assert.equal(decodeDataUrl(new URL("data:,a#frag")), "a");
  assert.throws(() => decodeDataUrl(new URL("data:nocomma")), /needs a ","/);
});
