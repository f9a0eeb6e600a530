import assert from "node:assert/strict";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { unhideImports } from "./_esbuild_workspace.ts";

Deno.test("unhideImports() gives esbuild the import() hidden from Deno, as a chunk of its own", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "sub"));
    await Deno.writeTextFile(join(dir, "sub", "mod.ts"), "export const x: number = 42;\n");
    await Deno.writeTextFile(
      join(dir, "main.ts"),
      'export const load = (): Promise<{ x: number }> => import(`${"./sub/mod.ts"}`);\n',
    );
    const build = (plugins: esbuild.Plugin[]) =>
      esbuild.build({
        entryPoints: [join(dir, "main.ts")],
        bundle: true,
        splitting: true,
        format: "esm",
        outdir: join(dir, "out"),
        write: false,
        logLevel: "silent",
        plugins,
      });
    const without = await build([]);
    assert.equal(without.outputFiles.length, 1, "unread, the import stays as written");
    const { outputFiles } = await build([unhideImports()]);
    assert.equal(outputFiles.length, 2);
    const main = outputFiles.find((file) => file.path.endsWith("main.js"))!.text;
    assert.match(main, /import\("\.\/mod-[A-Z0-9]+\.js"\)/);
    assert.ok(outputFiles.some((file) => file.text.includes("42")));
  } finally {
    await esbuild.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
