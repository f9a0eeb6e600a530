import assert from "node:assert/strict";
import { readmeExamples } from "./_readme_examples.ts";

Deno.test("readmeExamples() takes ts and js blocks and skips ignore, shell and text", () => {
  const markdown = [
    "# Title",
    "```sh",
    "npm install x",
    "```",
    "```ts",
    'import { a } from "@atomiton/a";',
    "```",
    "```ts ignore",
    "Deno.exit(1);",
    "```",
    "````md",
    "```ts",
    "not an example: inside another fence",
    "```",
    "````",
    "```js",
    "console.log(1);",
    "",
    "```",
    "```tsx ignore",
    "<App />",
    "```",
  ].join("\n");
  assert.deepEqual(readmeExamples(markdown, "x/README.md"), [
    { file: "x/README.md", line: 5, language: "ts", code: 'import { a } from "@atomiton/a";' },
    { file: "x/README.md", line: 16, language: "js", code: "console.log(1);\n" },
  ]);
});
