import assert from "node:assert/strict";
import { currentInvocation, howToRun, type Invocation } from "./invocation.ts";
import { captureIo } from "../testdata/cli.ts";

const at = (
  fields: Partial<Invocation> & { vars?: Record<string, string>; path?: Record<string, string> },
): Invocation => ({
  runtime: "node",
  execPath: "/usr/bin/node",
  script: "/app/node_modules/@atomiton/cli/bin.js",
  cwd: "/app",
  env: (name) => fields.vars?.[name],
  onPath: (name) => fields.path?.[name],
  ...fields,
});

Deno.test("howToRun() names the command the way this process was started", () => {
  const npx = "/root/.npm/_npx/7a40be787520bede/node_modules/@deno/linux-x64-glibc/deno";
  const task = {
    npm_config_user_agent: "deno/2.9.6 npm/? deno/2.9.6 linux x86_64",
    INIT_CWD: "/r",
  };
  const cases: [Invocation, string][] = [
    [at({ path: { atomiton: "/app/node_modules/@atomiton/cli/bin.js" } }), "atomiton"],
    [at({ vars: { npm_command: "exec" } }), "npx atomiton"],
    [at({ path: { node: "/usr/bin/node" } }), "node node_modules/@atomiton/cli/bin.js"],
    [at({ cwd: "/elsewhere" }), "/usr/bin/node /app/node_modules/@atomiton/cli/bin.js"],
    [
      at({
        runtime: "deno",
        execPath: npx,
        denoVersion: "2.9.6",
        script: "file:///r/cli/mod.ts",
        vars: task,
      }),
      "npx -y deno@2.9.6 task atomiton",
    ],
    [
      at({
        runtime: "deno",
        execPath: "/bin/deno",
        script: "file:///r/cli/mod.ts",
        vars: task,
        path: { deno: "/bin/deno" },
      }),
      "deno task atomiton",
    ],
    [
      at({
        runtime: "deno",
        execPath: "/bin/deno",
        script: "file:///app/cli/mod.ts",
        path: { deno: "/bin/deno" },
      }),
      "deno run -A cli/mod.ts",
    ],
    [
      at({
        runtime: "deno",
        execPath: "/opt/deno",
        script: "https://jsr.io/@atomiton/cli/0.1.0/bin.ts",
      }),
      "/opt/deno run -A https://jsr.io/@atomiton/cli/0.1.0/bin.ts",
    ],
  ];
  for (const [invocation, expected] of cases) assert.equal(howToRun(invocation), expected);
});

Deno.test("currentInvocation() reads this process: Deno, its executable and main module", () => {
  const here = currentInvocation(captureIo({ PATH: "" }));
  assert.equal(here.runtime, "deno");
  assert.equal(here.execPath, Deno.execPath());
  assert.equal(here.script, Deno.mainModule);
  assert.equal(here.onPath("deno"), undefined, "nothing is on an empty PATH");
});
