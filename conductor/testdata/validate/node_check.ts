/** Run on Node.js (bundled) by _validate_runtimes_test.ts: validates with node:fs through process.getBuiltinModule. */
import { validateBlueprint } from "../../validate_blueprint.ts";

const [parent, missing] = process.argv.slice(2) as [string, string];
const valid = await validateBlueprint(
  await (await import("node:fs/promises")).readFile(parent, "utf8"),
  {
    baseUrl: parent,
  },
);
const refused = await validateBlueprint(
  {
    nodes: [{ id: "gone", data: { module: missing } }, {
      id: "far",
      data: { module: "https://x/t.js" },
    }],
  },
  { allowRemoteModules: true },
).then(() => "accepted", (error) => `${error.code}: ${error.message}`);
// deno-lint-ignore no-console -- the test reads this line from the child process
console.log(JSON.stringify({ valid, refused }));
