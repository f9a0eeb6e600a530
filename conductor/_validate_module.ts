import { nodeProblem, nodeText, quote, type Scope, show } from "./_validate_common.ts";
import { fileSystem, isNodeJs } from "./_validate_io.ts";
import { displayUrl, isUrlText, isWindowsPath, pathToFileUrl } from "./_validate_location.ts";

export const MODULE_FORMS =
  "a path relative to the blueprint file or an absolute file:, http:, https: or data: URL";
const PROTOCOLS = ["file:", "http:", "https:", "data:"];

/**
 * Resolves a node's `data.module` or `data.blueprint` reference against the
 * blueprint's URL; records what is wrong with it (named `field`, allowed
 * `forms`) and returns `undefined` then.
 */
export function resolveReference(
  reference: string,
  scope: Scope,
  id: string,
  field: string,
  forms: string,
): URL | undefined {
  let url: URL | undefined;
  const what = `${field} ${quote(reference)}`;
  try {
    if (isUrlText(reference)) url = new URL(reference);
    else if (isWindowsPath(reference) || (!scope.base && reference.startsWith("/"))) {
      url = pathToFileUrl(reference);
    } else if (scope.base) url = new URL(reference, scope.base);
  } catch {
    nodeProblem(scope, id, `${what} is not a valid URL; it must be ${forms}`);
    return undefined;
  }
  if (url === undefined) {
    nodeProblem(
      scope,
      id,
      `${what} is relative, but the blueprint has no file URL to resolve it against; give ` +
        `an absolute URL (or "baseUrl")`,
    );
  } else if (!PROTOCOLS.includes(url.protocol)) {
    nodeProblem(scope, id, `${what} must be ${forms}`);
    url = undefined;
  }
  return url;
}

/**
 * Checks a node's `data.module` (or another module field of `data`, such as
 * `while.module`): its form, the network rule, and (when asked and a file
 * system is at hand) that a `file:` module exists.
 */
export function checkModule(
  module: unknown,
  scope: Scope,
  id: string,
  field = "module",
): { url: URL | undefined; exists: Promise<string | undefined> | undefined } {
  if (typeof module !== "string" || module === "") {
    nodeProblem(scope, id, `"data.${field}" must be ${MODULE_FORMS}, got ${show(module)}`);
    return { url: undefined, exists: undefined };
  }
  const url = resolveReference(module, scope, id, field, MODULE_FORMS);
  if (url?.protocol === "http:" || url?.protocol === "https:") {
    const refused = remoteModuleProblem(scope.validation.allowRemoteModules);
    if (refused) nodeProblem(scope, id, `${field} ${quote(module)} ${refused}`);
  }
  const fs = fileSystem();
  const check = url?.protocol === "file:" && scope.validation.checkModules && fs;
  return {
    url,
    exists: check ? checkFile(fs.isFile, url, module, scope, id, field) : undefined,
  };
}

// Code from the network runs with the runner's permissions: only on request, and only where it loads.
function remoteModuleProblem(allowed: boolean): string | undefined {
  if (isNodeJs()) {
    return "is on the network, and Node.js cannot import http: or https: modules; download " +
      "it and give its file path";
  }
  if (allowed) return undefined;
  return "is on the network: loading code from it needs --allow-remote-modules " +
    "(allowRemoteModules), or download it and give its file path";
}

async function checkFile(
  isFile: (url: URL) => Promise<boolean>,
  url: URL,
  module: string,
  scope: Scope,
  id: string,
  field: string,
): Promise<string | undefined> {
  const path = displayUrl(url);
  try {
    if (await isFile(url)) return undefined;
    return nodeText(scope, id, `${field} ${quote(module)} is a folder (${path}), not a file`);
  } catch {
    return nodeText(
      scope,
      id,
      `${field} ${quote(module)} does not exist (looked for ${path}); it must be ${MODULE_FORMS}`,
    );
  }
}
