import assert from "node:assert/strict";
import { findSourceFiles } from "./_walk.ts";

async function tree(files: readonly string[]): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const file of files) {
    const path = `${root}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, "export {};\n");
  }
  return root;
}

Deno.test("findSourceFiles() finds sources by extension, sorted, skipping installs and builds", async () => {
  const root = await tree([
    "b.ts",
    "a.TSX",
    "lib/c.mts",
    "lib/d.cts",
    "lib/e.js",
    "lib/f.jsx",
    "lib/g.mjs",
    "lib/h.cjs",
    "lib/types.d.ts",
    "README.md",
    "data.json",
    "node_modules/pkg/index.js",
    ".git/hooks/x.js",
    "dist/bundle.js",
    "build/out.js",
    "src/dist-like/ok.ts",
  ]);
  try {
    const found = (await findSourceFiles(root)).map((path) => path.slice(root.length + 1));
    assert.deepEqual(found, [
      "a.TSX",
      "b.ts",
      "lib/c.mts",
      "lib/d.cts",
      "lib/e.js",
      "lib/f.jsx",
      "lib/g.mjs",
      "lib/h.cjs",
      "lib/types.d.ts",
      "src/dist-like/ok.ts",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("findSourceFiles() does not follow symbolic links", async () => {
  const root = await tree(["src/a.ts"]);
  const outside = await tree(["secret.ts"]);
  try {
    await Deno.symlink(outside, `${root}/src/linked`);
    await Deno.symlink(`${outside}/secret.ts`, `${root}/src/linked.ts`);
    await Deno.symlink(root, `${root}/src/loop`);
    const found = await findSourceFiles(root);
    assert.deepEqual(found, [`${root}/src/a.ts`]);
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});
