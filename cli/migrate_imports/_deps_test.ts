import assert from "node:assert/strict";
import { dependencyAdvice } from "./_deps.ts";

const NEEDED = new Set(["@atomiton/storage", "@atomiton/events", "@atomiton/platform"]);

async function project(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const [file, text] of Object.entries(files)) {
    const path = `${root}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return root;
}

Deno.test("dependencyAdvice() adds what package.json lacks, with npm only", async () => {
  const root = await project({
    "package.json": JSON.stringify({
      dependencies: { "@atomiton/core": "^0.1.0", "@atomiton/events": "^0.1.0" },
      devDependencies: { "@atomiton/platform": "^0.1.0" },
    }),
    "src/app/.keep": "",
  });
  try {
    // Found above the folder that was migrated.
    const advice = await dependencyAdvice(`${root}/src/app`, NEEDED, 2);
    assert.deepEqual(advice, {
      add: ["@atomiton/storage"],
      npm: "npm install @atomiton/storage",
      manifests: [`${root}/package.json`],
      listsCore: true,
      coreLeft: 2,
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("dependencyAdvice() reads deno.json(c) imports, comments and all", async () => {
  const root = await project({
    "deno.jsonc":
      '{\n  // the app\n  "imports": { "@atomiton/storage/": "jsr:@atomiton/storage@^0.1.0/" }\n}\n',
  });
  try {
    const advice = await dependencyAdvice(root, NEEDED, 0);
    assert.deepEqual(advice.add, ["@atomiton/events", "@atomiton/platform"]);
    assert.equal(advice.deno, "deno add jsr:@atomiton/events jsr:@atomiton/platform");
    assert.equal(advice.npm, undefined);
    assert.equal(advice.listsCore, false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("dependencyAdvice() suggests both commands where no manifest is found", async () => {
  const root = await project({ "broken/package.json": "{ not json" });
  try {
    const bare = await dependencyAdvice(root, NEEDED, 0);
    assert.deepEqual(bare.manifests, []);
    assert.equal(bare.npm, "npm install @atomiton/events @atomiton/platform @atomiton/storage");
    assert.equal(
      bare.deno,
      "deno add jsr:@atomiton/events jsr:@atomiton/platform jsr:@atomiton/storage",
    );
    // A manifest that is not JSON lists nothing.
    const broken = await dependencyAdvice(`${root}/broken`, NEEDED, 0);
    assert.equal(broken.add.length, 3);
    assert.equal(broken.deno, undefined);
    const nothing = await dependencyAdvice(root, new Set(), 0);
    assert.deepEqual([nothing.add, nothing.npm, nothing.deno], [[], undefined, undefined]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
