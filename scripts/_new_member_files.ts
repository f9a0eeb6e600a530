// What a new member starts with, and the edits that wire it into the workspace.
import { NewMemberError } from "./_new_member_name.ts";

/** The new member's files, relative to its folder, with their text. */
export function memberFiles(
  name: string,
  description: string,
  license: string,
): Map<string, string> {
  const pkg = `@atomiton/${name}`;
  const config = {
    name: pkg,
    version: "0.1.0",
    license,
    exports: { ".": "./mod.ts" },
    publish: { exclude: ["**/*_test.ts", "**/testdata/"] },
  };
  return new Map([
    ["deno.json", `${JSON.stringify(config, null, 2)}\n`],
    ["README.md", `# ${pkg}\n\n${description}\n`],
    ["mod.ts", modSource(pkg, description)],
    ["mod_test.ts", testSource(pkg)],
  ]);
}

function modSource(pkg: string, description: string): string {
  return `/**
 * ${description}
 *
 * @example Its name
 * \`\`\`ts
 * import assert from "node:assert/strict";
 * import { PACKAGE_NAME } from "${pkg}";
 *
 * assert.equal(PACKAGE_NAME, "${pkg}");
 * \`\`\`
 *
 * @module
 */

/**
 * The package's name, as JSR and npm know it. Replace it with the package's first real export.
 *
 * @example
 * \`\`\`ts
 * import { PACKAGE_NAME } from "${pkg}";
 *
 * console.log(PACKAGE_NAME); // "${pkg}"
 * \`\`\`
 */
export const PACKAGE_NAME = "${pkg}";
`;
}

function testSource(pkg: string): string {
  return `import assert from "node:assert/strict";
import { PACKAGE_NAME } from "./mod.ts";

Deno.test("PACKAGE_NAME is the name the package is published under", () => {
  assert.equal(PACKAGE_NAME, "${pkg}");
});
`;
}

/** The root deno.json text with `./<folder>` appended to its workspace list. */
export function addToWorkspace(rootConfig: string, folder: string): string {
  const list = rootConfig.match(/("workspace":\s*\[)([^\]]*)(\])/);
  if (!list) {
    throw new NewMemberError("NO_WORKSPACE_LIST", `the root deno.json has no "workspace" list`);
  }
  const entries = [...list[2]!.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
  const lines = [...entries, `./${folder}`].map((entry) => `    ${JSON.stringify(entry)}`);
  return rootConfig.replace(list[0], `${list[1]}\n${lines.join(",\n")}\n  ${list[3]}`);
}

/** The README with a row for the new member after the last row of its Packages table. */
export function addPackageRow(readme: string, name: string, description: string): string {
  const rows = [...readme.matchAll(/^\| \[`@atomiton\/[^`]+`\]\([^)]+\/README\.md\) .*\|$/gm)];
  const last = rows.at(-1);
  if (!last) return readme;
  const job = description.replace(/\|/g, "\\|").replace(/\.$/, "");
  const row = `| [\`@atomiton/${name}\`](${name}/README.md) | ${job} | new |`;
  const at = last.index! + last[0].length;
  return `${readme.slice(0, at)}\n${row}${readme.slice(at)}`;
}
