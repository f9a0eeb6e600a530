// What changed between two readings of the public API.
import type { Api, ApiDiff } from "./_api.ts";
import { byCodePoint } from "./_api_report.ts";

/** Symbols added, changed (another signature) or removed, as sorted `entry#symbol` ids. */
export function diffApi(before: Api, after: Api): ApiDiff {
  const diff: ApiDiff = { added: [], changed: [], removed: [] };
  for (const [entry, symbols] of after) {
    const old = before.get(entry);
    for (const [name, signature] of symbols) {
      const previous = old?.get(name);
      if (previous === undefined) diff.added.push(`${entry}#${name}`);
      else if (previous !== signature) diff.changed.push(`${entry}#${name}`);
    }
  }
  for (const [entry, symbols] of before) {
    for (const name of symbols.keys()) {
      if (!after.get(entry)?.has(name)) diff.removed.push(`${entry}#${name}`);
    }
  }
  diff.added.sort(byCodePoint);
  diff.changed.sort(byCodePoint);
  diff.removed.sort(byCodePoint);
  return diff;
}
