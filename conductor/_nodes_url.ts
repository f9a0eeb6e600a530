/**
 * The node library's URL (`@atomiton/conductor/nodes`), which the built-in
 * types' tasks are exports of: beside this file in source, the package's
 * `./nodes` export in the npm build.
 */
export function nodesUrl(): string {
  if (import.meta.url.endsWith(".ts")) return new URL("./nodes/mod.ts", import.meta.url).href;
  try {
    return import.meta.resolve("@atomiton/conductor/nodes");
  } catch {
    // A bundle without the package's exports map: the library sits beside it.
    return new URL("./nodes/mod.js", import.meta.url).href;
  }
}
