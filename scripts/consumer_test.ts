// The npm copy tested as a user gets it: packed, installed into a scratch
// project (beside the highest versions of its peers' ranges), imported by name on
// Node and Deno, and bundled for Chromium.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { capture, type Member, readMembers, root } from "./_workspace.ts";
import { consumerProject, packedTarballs } from "./_consumer_project.ts";
// Their tests run in this module so that they share its one build and one install per cell
// (deno test runs each test file in a worker of its own).
import "./_consumer_peers.ts";
import "./_consumer_readme.ts";
import { ignoreUnless, need } from "./testing/needs.ts";
import { CHROMIUM_ARGS } from "./testing/chromium.ts";

const members = readMembers();

/** The smoke module that runs everywhere: each member's checks, or an import of it. */
function smokeRunner(list: readonly Member[]): string {
  const lines: string[] = [];
  const calls: string[] = [];
  list.forEach((member, i) => {
    const own = join(root, "scripts", "consumer", `${member.folder}.js`);
    if (existsSync(own)) {
      lines.push(`import smoke${i} from "./${member.folder}.js";`);
      calls.push(`  await smoke${i}(check, where);`);
    } else {
      lines.push(`import * as module${i} from "${member.name}";`);
      calls.push(`  check(typeof module${i} === "object", "${member.name} imports");`);
    }
  });
  return `${lines.join("\n")}
export async function runAll(where) {
  const failures = [];
  const check = (ok, message) => { if (!ok) failures.push(where.runtime + ": " + message); };
${calls.join("\n")}
  return failures;
}
`;
}

let project: Promise<string> | undefined;

/** The scratch project with the highest peers, and the smoke runner written into it. */
function scratchProject(): Promise<string> {
  project ??= consumerProject("highest").then(async (dir) => {
    await Deno.writeTextFile(join(dir, "all.js"), smokeRunner(members));
    return dir;
  });
  return project;
}

const RESULT = "ATOMITON_SMOKE_RESULT ";

async function runScript(command: string, args: string[], cwd: string): Promise<string[]> {
  const output = await capture(command, args, cwd);
  const line = output.split("\n").find((candidate) => candidate.startsWith(RESULT));
  assert.ok(line, `no result line in:\n${output}`);
  return JSON.parse(line.slice(RESULT.length));
}

Deno.test("npm packages contain sources, declarations, README and LICENSE, and no tests", async () => {
  const dir = await scratchProject();
  for (const member of members) {
    const installed = join(dir, "node_modules", member.name);
    const manifest = JSON.parse(await Deno.readTextFile(join(installed, "package.json")));
    assert.equal(manifest.version, member.version);
    assert.equal(manifest.type, "module");
    assert.equal(manifest.sideEffects, false);
    assert.ok(manifest.description.length > 10, `${member.name} has a description`);
    assert.ok(existsSync(join(installed, "README.md")) && existsSync(join(installed, "LICENSE")));
    assert.ok(existsSync(join(installed, "mod.js")) && existsSync(join(installed, "mod.d.ts")));
    const files = [...Deno.readDirSync(installed)].map((entry) => entry.name);
    assert.deepEqual(
      files.filter((name) => /_test\.|testdata|\.ts$/.test(name) && !name.endsWith(".d.ts")),
      [],
    );
  }
});

Deno.test("deno task build:npm leaves only the packages in npm/", async () => {
  const { out } = await packedTarballs(); // buildNpm(), as `deno task build:npm` runs it
  const entries = [...Deno.readDirSync(out)].map((entry) => entry.name).sort();
  assert.deepEqual(entries, members.map((member) => member.folder).sort());
});

Deno.test("npm packages import by name and pass their smoke checks on Node", async () => {
  const dir = await scratchProject();
  await Deno.writeTextFile(
    join(dir, "node_main.mjs"),
    `import { runAll } from "./all.js";
console.log(${JSON.stringify(RESULT)} + JSON.stringify(await runAll({ runtime: "node" })));`,
  );
  assert.deepEqual(await runScript("node", ["node_main.mjs"], dir), []);
});

Deno.test("npm packages import by name and pass their smoke checks on Deno", async () => {
  const dir = await scratchProject();
  await Deno.writeTextFile(
    join(dir, "deno_main.mjs"),
    `import { runAll } from "./all.js";
console.log(${JSON.stringify(RESULT)} + JSON.stringify(await runAll({ runtime: "deno" })));`,
  );
  const failures = await runScript(
    Deno.execPath(),
    ["run", "-A", "--node-modules-dir=manual", "deno_main.mjs"],
    dir,
  );
  assert.deepEqual(failures, []);
});

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>`;
const PAGE_MAIN = `import { runAll } from "./all.js";
const isolated = globalThis.crossOriginIsolated === true;
const failures = await runAll({ runtime: "browser", isolated });
if (location.pathname.startsWith("/isolated/") && !isolated) failures.push("page is not cross-origin isolated");
const worker = new Worker("./worker.js", { type: "module" });
const fromWorker = await new Promise((resolve) => {
  worker.onmessage = (event) => resolve(event.data);
  worker.onerror = (event) => resolve(["web-worker: " + event.message]);
});
globalThis.__result = [...failures, ...fromWorker];`;
const WORKER_MAIN = `import { runAll } from "./all.js";
postMessage(await runAll({ runtime: "web-worker", isolated: globalThis.crossOriginIsolated === true }));`;

Deno.test({
  name: "npm packages bundle for the browser without node: modules and pass in Chromium",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    const executablePath = need("chromium");
    const dir = await scratchProject();
    const site = join(dir, "site");
    await Deno.mkdir(site, { recursive: true });
    await Deno.writeTextFile(join(dir, "page_main.js"), PAGE_MAIN);
    await Deno.writeTextFile(join(dir, "worker_main.js"), WORKER_MAIN);
    await Deno.writeTextFile(join(site, "index.html"), PAGE);
    try {
      const result = await esbuild.build({
        entryPoints: { page: join(dir, "page_main.js"), worker: join(dir, "worker_main.js") },
        bundle: true,
        format: "esm",
        platform: "browser",
        outdir: site,
        metafile: true,
        logLevel: "silent",
      });
      const nodeImports = Object.keys(result.metafile.inputs).filter((path) =>
        path.startsWith("node:")
      ).concat(
        Object.values(result.metafile.outputs).flatMap((output) =>
          output.imports.map((i) => i.path).filter((path) => path.startsWith("node:"))
        ),
      );
      assert.deepEqual(nodeImports, [], "the browser bundle must not pull node: modules");
    } finally {
      await esbuild.stop();
    }

    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen(): void {} },
      async (request) => {
        const url = new URL(request.url);
        const isolated = url.pathname.startsWith("/isolated/");
        const name = url.pathname.replace(/^\/(isolated\/)?/, "") || "index.html";
        try {
          const body = await Deno.readFile(join(site, name));
          const headers = new Headers({
            "content-type": name.endsWith(".js") ? "text/javascript" : "text/html",
          });
          if (isolated) {
            headers.set("cross-origin-opener-policy", "same-origin");
            headers.set("cross-origin-embedder-policy", "require-corp");
          }
          return new Response(body, { headers });
        } catch {
          return new Response("not found", { status: 404 });
        }
      },
    );
    const browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS],
    });
    try {
      const base = `http://127.0.0.1:${server.addr.port}`;
      for (const path of ["/", "/isolated/"]) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(base + path);
        // A safety net for a page that never finishes; a healthy one, however loaded, is faster.
        await page.waitForFunction(() => "__result" in globalThis, null, { timeout: 120_000 });
        const failures = await page.evaluate(() =>
          (globalThis as { __result?: string[] }).__result
        );
        assert.deepEqual(failures, [], `at ${path}`);
        assert.deepEqual(errors, [], `page errors at ${path}`);
        await page.close();
      }
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});

Deno.test("the atomiton bin of the npm copy runs on Node", async () => {
  const dir = await scratchProject();
  const bin = join(dir, "node_modules", ".bin", "atomiton");
  const version = await new Deno.Command(bin, { args: ["--version"], cwd: dir }).output();
  assert.equal(version.code, 0, new TextDecoder().decode(version.stderr));
  const { version: expected } = JSON.parse(await Deno.readTextFile(join(root, "cli", "deno.json")));
  assert.equal(new TextDecoder().decode(version.stdout), `${expected}\n`);
  const typo = await new Deno.Command(bin, { args: ["rnu"], cwd: dir, env: { NO_COLOR: "1" } })
    .output();
  assert.equal(typo.code, 2);
  assert.match(new TextDecoder().decode(typo.stderr), /did you mean "run"/);
});

Deno.test("the atomiton bin of the npm copy runs the example blueprint on Node", async () => {
  const dir = await scratchProject();
  const home = await Deno.makeTempDir({ prefix: "atomiton-home-" });
  try {
    const blueprint = join(root, "examples", "sales-report", "blueprint.json");
    const reportPath = join(root, "examples", "sales-report", "out", "report.md");
    await Deno.remove(reportPath).catch(() => {}); // so the report read below is this run's
    const run = await new Deno.Command(join(dir, "node_modules", ".bin", "atomiton"), {
      args: ["run", blueprint, "--json"],
      cwd: dir,
      env: { ATOMITON_HOME: home },
    }).output();
    const stdout = new TextDecoder().decode(run.stdout);
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    const events = stdout.trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(events.at(-1).type, "execution:completed");
    const report = await Deno.readTextFile(reportPath);
    assert.match(report, /^# Sales report 2024/m);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

const DENO_APP = `import { getPlatformInfo } from "@atomiton/platform";
import { EventClient } from "@atomiton/events";
import { MemoryClient } from "@atomiton/storage";
import { FileSystemClient } from "@atomiton/storage/fs";

const events = new EventClient<{ "user:saved": { id: string } }>();
const saved: string[] = [];
events.on("user:saved", (user) => void saved.push(user.id));
const memory = new MemoryClient();
await memory.set("user:1", { name: "Ada" });
events.emit("user:saved", { id: "1" });
const directory = await Deno.makeTempDir();
const files = new FileSystemClient({ directory });
await files.set("user:1", { name: "Ada" });
const result = {
  runtime: getPlatformInfo().runtime,
  saved,
  memory: await memory.get("user:1"),
  files: await files.get("user:1"),
};
await files.close();
await Deno.remove(directory, { recursive: true });
console.log(JSON.stringify(result));
`;

Deno.test("a Deno app outside the workspace type-checks and runs the npm packages (nodeModulesDir manual)", async () => {
  // The way the root README recommends to Deno users without JSR: npm install, then
  // "nodeModulesDir": "manual" in deno.json; Deno takes each package's `deno` condition.
  const dir = await scratchProject();
  await Deno.writeTextFile(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
  await Deno.writeTextFile(join(dir, "deno_app.ts"), DENO_APP);
  await capture(Deno.execPath(), ["check", "deno_app.ts"], dir);
  const output = await capture(Deno.execPath(), ["run", "-A", "deno_app.ts"], dir);
  assert.deepEqual(JSON.parse(output.trim().split("\n").pop()!), {
    runtime: "deno",
    saved: ["1"],
    memory: { name: "Ada" },
    files: { name: "Ada" },
  });
});
