// deno-lint-ignore-file no-console
// Every README example (the root README and each package's) run on Node against the
// installed npm copy, as a Node user who copies it meets it: TypeScript blocks are
// stripped of their types by esbuild (Node 20 cannot), `@atomiton/*` imports resolve by
// package name in the scratch project, and a Redis example talks to a real server.
// Registered by consumer_test.ts, whose build and installs they share.
import assert from "node:assert/strict";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { consumerProject } from "./_consumer_project.ts";
import { readmeExamples } from "./_readme_examples.ts";
import { readMembers, root } from "./_workspace.ts";
import { has, requireAll } from "./testing/needs.ts";
import { type RedisServer, startRedis } from "./testing/redis.ts";

/** The address README examples write for a local Redis; a test server's URL replaces it. */
const README_REDIS = "redis://127.0.0.1:6379";
/** Only turns a hung example into a failure; a healthy example ends long before. */
const SAFETY_NET_MS = 120_000;

const readmes = ["README.md", ...readMembers().map((member) => `${member.folder}/README.md`)];

async function runOnNode(file: string, cwd: string): Promise<string | undefined> {
  const child = new Deno.Command("node", {
    args: [file],
    cwd,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), SAFETY_NET_MS);
  try {
    const { code, signal, stderr } = await child.output();
    if (code === 0) return undefined;
    const error = new TextDecoder().decode(stderr).split("\n").filter((line) =>
      /Error|error:/.test(line)
    ).slice(0, 2).join(" / ");
    return signal === "SIGKILL" ? `did not finish within ${SAFETY_NET_MS} ms` : error;
  } finally {
    clearTimeout(timer);
  }
}

for (const readme of readmes) {
  const examples = readmeExamples(await Deno.readTextFile(join(root, readme)), readme);
  if (examples.length === 0) continue;
  Deno.test(`every example of ${readme} runs on Node against the npm copy`, async () => {
    const dir = await consumerProject("highest");
    const needsRedis = examples.some((example) => example.code.includes(README_REDIS));
    let redis: RedisServer | undefined;
    if (needsRedis && (has("redis-server") || requireAll())) redis = await startRedis();
    else if (needsRedis) {
      console.warn(`SKIP: redis-server is missing; ${readme} uses ${README_REDIS}`);
    }
    const failures: string[] = [];
    try {
      const folder = await Deno.makeTempDir({ dir, prefix: "readme-" });
      for (const example of examples) {
        const code = redis ? example.code.replaceAll(README_REDIS, redis.url) : example.code;
        const { code: js } = await esbuild.transform(code, {
          loader: example.language,
          format: "esm",
          target: "node20",
          jsx: "automatic",
        });
        const file = join(folder, `line_${example.line}.mjs`);
        await Deno.writeTextFile(file, js);
        const failure = await runOnNode(file, dir);
        if (failure !== undefined) failures.push(`${readme}:${example.line}: ${failure}`);
      }
    } finally {
      await esbuild.stop();
      await redis?.stop();
    }
    assert.deepEqual(failures, [], `README examples that fail on Node:\n${failures.join("\n")}`);
  });
}
