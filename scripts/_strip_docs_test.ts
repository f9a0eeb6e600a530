import assert from "node:assert/strict";
import { stripDocComments } from "./_strip_docs.ts";

Deno.test("stripDocComments() removes JSDoc and keeps code, strings, annotations and legal comments", () => {
  const js = [
    "/*! legal */",
    "/**",
    " * Docs.",
    " * @example",
    " * ```ts",
    ' * import assert from "node:assert/strict";',
    " * ```",
    " */",
    "export class A {",
    "  /** A field. */",
    "  x = /* @__PURE__ */ new Map();",
    "  /** @returns text */ y() {",
    '    return "/** not a comment */" + `/** ${1} */` + /\\/\\*\\*/.source;',
    "  }",
    "}",
    "// platform/a.ts",
    "",
  ].join("\n");
  assert.equal(
    stripDocComments(js),
    [
      "/*! legal */",
      "export class A {",
      "  x = /* @__PURE__ */ new Map();",
      "  y() {",
      '    return "/** not a comment */" + `/** ${1} */` + /\\/\\*\\*/.source;',
      "  }",
      "}",
      "// platform/a.ts",
      "",
    ].join("\n"),
  );
});
