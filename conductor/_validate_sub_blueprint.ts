import {
  type Checked,
  isObject,
  nodePath,
  nodeText,
  quote,
  type Scope,
  show,
} from "./_validate_common.ts";
import { decodeDataUrl } from "./_validate_io.ts";
import { MAX_NESTING, MAX_TEXT } from "./_validate_limits.ts";
import { displayUrl, ownBaseUrl } from "./_validate_location.ts";
import { resolveReference } from "./_validate_module.ts";

const BLUEPRINT_FORMS = "a path relative to the blueprint file, an absolute file:, http:, " +
  "https: or data: URL, or a blueprint object";

/**
 * Loads and checks the sub-blueprint of node `id` (`data.blueprint`): a file
 * relative to the blueprint's own, a URL, or an inline object. Its problems,
 * and what kept it from loading, come back in order rather than interleaved.
 */
export async function loadSubBlueprint(
  reference: unknown,
  parent: Scope,
  id: string,
): Promise<Checked> {
  const refused = (text: string): Checked => ({
    blueprint: undefined,
    problems: [nodeText(parent, id, text)],
  });
  if (parent.depth >= MAX_NESTING) {
    return refused(
      `"data.blueprint" nests sub-blueprints more than ${MAX_NESTING} levels deep; a ` +
        `blueprint's sub-blueprints nest at most ${MAX_NESTING} levels`,
    );
  }
  if (isObject(reference)) {
    const base = ownBaseUrl(reference) ?? parent.base;
    return await check(reference, parent, id, { base, label: "inline", defaultId: id });
  }
  if (typeof reference !== "string" || reference === "") {
    return refused(`"data.blueprint" must be ${BLUEPRINT_FORMS}, got ${show(reference)}`);
  }
  const local: string[] = [];
  const url = resolveReference(
    reference,
    { ...parent, problems: local },
    id,
    "blueprint",
    BLUEPRINT_FORMS,
  );
  if (url === undefined) return { blueprint: undefined, problems: local };
  const what = `blueprint ${quote(reference)}`;
  const why = refusal(url, parent, what);
  if (why) return refused(why);
  const value = await readBlueprint(url, what, parent);
  if (typeof value === "string") return refused(value);
  const inline = url.protocol === "data:";
  return await check(value.json, parent, id, {
    base: inline ? parent.base : url,
    label: reference.length > 80 ? `${reference.slice(0, 80)}...` : reference,
    defaultId: inline ? id : url.pathname.split("/").pop()?.replace(/\.[^.]*$/, "") || id,
    file: inline ? undefined : url,
  });
}

/** The sub-blueprint file's JSON, or why it cannot be had. */
async function readBlueprint(
  url: URL,
  what: string,
  parent: Scope,
): Promise<{ json: unknown } | string> {
  let text: string;
  try {
    text = url.protocol === "data:" ? decodeDataUrl(url) : await readOnce(url, parent);
  } catch (error) {
    return `${what} could not be read (looked for ${displayUrl(url)}): ${
      error instanceof Error ? error.message : show(error)
    }`;
  }
  if (text.length > MAX_TEXT) {
    return `${what} is ${text.length} characters long; a blueprint holds at most ${MAX_TEXT}`;
  }
  try {
    return { json: JSON.parse(text) };
  } catch (error) {
    return `${what} (${displayUrl(url)}) is not JSON (${(error as Error).message})`;
  }
}

/** Why `url` may not be included here: the network rule, or a cycle. */
function refusal(url: URL, parent: Scope, what: string): string | undefined {
  const remote = url.protocol === "http:" || url.protocol === "https:";
  if (remote && !parent.validation.allowRemoteModules) {
    return `${what} is on the network: loading a blueprint from it needs allowRemoteModules ` +
      `(--allow-remote-modules), or download it and give its file path`;
  }
  if (url.protocol === "file:" && parent.remote) {
    return `${what} is a local file, but it is included by a blueprint from the network, ` +
      `which may only include blueprints from the network or inline`;
  }
  const key = withoutHash(url);
  const first = parent.files.findIndex((file) => withoutHash(file) === key);
  if (first === -1) return undefined;
  return `${what} closes a cycle of sub-blueprints: ${
    chain([...parent.files.slice(first), url])
  }; a blueprint cannot include itself, directly or through others`;
}

const withoutHash = (url: URL): string => url.href.slice(0, url.href.length - url.hash.length);

/** The files of a cycle for a message: `a.json → sub/b.json → a.json`, relative to the first one's folder. */
function chain(files: readonly URL[]): string {
  const names = files.map(displayUrl);
  const folder = names[0]!.slice(0, names[0]!.lastIndexOf("/") + 1);
  const short = names.every((name) => name.startsWith(folder));
  return names.map((name) => quote(short ? name.slice(folder.length) : name)).join(" → ");
}

function readOnce(url: URL, scope: Scope): Promise<string> {
  const { texts, readText } = scope.validation;
  const key = withoutHash(url);
  let text = texts.get(key);
  if (text === undefined) {
    // A readText that throws at once is a failed read like any other.
    text = Promise.resolve().then(() => readText(url)).then((value) => {
      if (typeof value !== "string") throw new Error(`readText gave ${show(value)}, not text`);
      return value;
    });
    texts.set(key, text);
  }
  return text;
}

async function check(
  value: unknown,
  parent: Scope,
  id: string,
  child: { base: URL | undefined; label: string; defaultId: string; file?: URL | undefined },
): Promise<Checked> {
  const remote = parent.remote ||
    (child.file !== undefined && /^https?:$/.test(child.file.protocol));
  return await parent.validation.check(value, {
    validation: parent.validation,
    base: child.base,
    files: child.file ? [...parent.files, child.file] : parent.files,
    path: nodePath(parent, id),
    label: child.label,
    depth: parent.depth + 1,
    remote,
    defaultId: child.defaultId,
    problems: [],
  });
}
