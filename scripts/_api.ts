/**
 * The public API of the workspace: every exported symbol of every member entry with its
 * signature, read from `deno doc --json`, and the committed report of it under `docs/api/`.
 * `scripts/api.ts` writes and checks the report; the release refuses an unannounced break.
 *
 * @module
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { capture, readMembers, root } from "./_workspace.ts";
import { renderSymbol, type ResolveReference } from "./_api_declaration.ts";
import type { DocNode } from "./_api_type.ts";
import { parseApiReport, renderPackageReport } from "./_api_report.ts";

export { parseApiReport } from "./_api_report.ts";
export { diffApi } from "./_api_diff.ts";

/** Entry (`@atomiton/storage/fs`) to symbol name (`FileSystemClient`) to its signature text. */
export type Api = Map<string, Map<string, string>>;

/** Symbols as `entry#symbol` ids, sorted. */
export interface ApiDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Where the committed reports live, one `<folder>.md` per member. */
export const API_FOLDER = "docs/api";

/** Each member entry by its import name, with its file; in workspace order. */
export function memberEntries(): { entry: string; folder: string; file: string }[] {
  return readMembers().flatMap((member) =>
    Object.entries(member.exports).map(([key, file]) => ({
      entry: key === "." ? member.name : `${member.name}${key.slice(1)}`,
      folder: member.folder,
      file: join(member.dir, file),
    }))
  );
}

/** The API of the working tree now, from one `deno doc --json` over every member entry. */
export async function readApi(): Promise<Api> {
  const entries = memberEntries();
  const json = await capture(Deno.execPath(), ["doc", "--json", ...entries.map((e) => e.file)]);
  return apiFromDoc(json, entries);
}

/** The API that the output of `deno doc --json` describes, for the given entries and files. */
export function apiFromDoc(json: string, entries: { entry: string; file: string }[]): Api {
  const nodes: Record<string, { symbols: DocNode[] }> = JSON.parse(json).nodes;
  const resolve = referenceResolver(Object.values(nodes));
  const api: Api = new Map();
  for (const { entry, file } of entries) {
    const symbols = new Map<string, string>();
    for (const symbol of nodes[pathToFileURL(file).href]?.symbols ?? []) {
      symbols.set(symbol.name, renderSymbol(symbol.name, symbol.declarations, resolve));
    }
    api.set(entry, symbols);
  }
  return api;
}

// A re-export points at a source location; any documented symbol declared there answers it.
function referenceResolver(modules: { symbols: DocNode[] }[]): ResolveReference {
  const byLocation = new Map<string, DocNode[]>();
  for (const module of modules) {
    for (const symbol of module.symbols) {
      for (const declaration of symbol.declarations) {
        if (declaration.kind === "reference") continue;
        const { filename, line, col } = declaration.location;
        byLocation.set(`${filename}:${line}:${col}`, [declaration]);
      }
    }
  }
  return (target) => byLocation.get(`${target.filename}:${target.line}:${target.col}`);
}

/** The committed report text of one member folder (`storage`) for `api`. */
export function renderApiReport(api: Api, folder: string): string {
  const member = readMembers().find((m) => m.folder === folder);
  return renderPackageReport(api, member?.name ?? `@atomiton/${folder}`);
}

/** Every committed report (`docs/api/*.md`) at a git ref, or in the working tree without one. */
export async function readCommittedApi(ref?: string): Promise<Api> {
  const api: Api = new Map();
  for (const text of await readReports(ref)) {
    for (const [entry, symbols] of parseApiReport(text)) api.set(entry, symbols);
  }
  return api;
}

/** The names of the committed report files (`storage.md`) in the working tree, sorted. */
export async function reportFileNames(): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const file of Deno.readDir(join(root, API_FOLDER))) names.push(file.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return names.filter((name) => name.endsWith(".md")).sort();
}

async function readReports(ref: string | undefined): Promise<string[]> {
  if (ref === undefined) {
    return await Promise.all(
      (await reportFileNames()).map((name) => Deno.readTextFile(join(root, API_FOLDER, name))),
    );
  }
  const listing = await capture("git", ["ls-tree", "--name-only", `${ref}:${API_FOLDER}`])
    .catch(() => "");
  const names = listing.split("\n").filter((name) => name.endsWith(".md")).sort();
  return await Promise.all(
    names.map((name) => capture("git", ["show", `${ref}:${API_FOLDER}/${name}`])),
  );
}
