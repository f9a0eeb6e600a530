import assert from "node:assert/strict";

// Deno loads every import() it can read before a program starts; the commands are hidden from it
// (cli/_commands.ts), so `atomiton --version` loads the dispatcher and nothing of what they drive.
Deno.test("importing the CLI loads no command and no package it drives", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("./mod.ts", import.meta.url).href],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.equal(code, 0);
  const modules: { specifier: string }[] = JSON.parse(new TextDecoder().decode(stdout)).modules;
  const loaded = modules.map((m) => m.specifier);
  assert.ok(loaded.some((s) => s.endsWith("/cli/_commands.ts")), "the dispatcher is there");
  const commands = loaded.filter((s) =>
    /\/cli\/(run|nodes|runs|storage|events|profile|doctor|worker|migrate_imports)\//.test(s)
  );
  assert.deepEqual(commands, []);
  assert.deepEqual(loaded.filter((s) => /\/(conductor|execution|storage)\//.test(s)), []);
  assert.deepEqual(loaded.filter((s) => s.startsWith("npm:")), []);
});
