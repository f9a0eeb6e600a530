// Whether a release's versions allow what changed in each member's public API.
import type { PlannedRelease } from "./_release_plan.ts";
import { allowsBreaking } from "./_release_version.ts";
import type { Api, ApiDiff } from "./_api.ts";

/** One member's public API against its last release, and whether the release may go. */
export interface ApiVerdict {
  readonly name: string;
  readonly note: string;
  readonly refused: boolean;
}

/** The entries of one package: its main entry and its `name/...` entries. */
export function memberApi(api: Api, name: string): Api {
  return new Map([...api].filter(([entry]) => entry === name || entry.startsWith(`${name}/`)));
}

/**
 * The verdict on one member: a changed or removed symbol needs a major version (a minor one
 * before 1.0); added symbols never block. `before` is the report at its last release tag,
 * undefined when there is none.
 */
export function apiVerdict(
  release: PlannedRelease,
  before: Api | undefined,
  now: Api,
  diff: (before: Api, after: Api) => ApiDiff,
): ApiVerdict {
  const verdict = (note: string, refused = false): ApiVerdict => ({
    name: release.name,
    note,
    refused,
  });
  if (before === undefined) return verdict("no release tag yet: no earlier public API to compare");
  const old = memberApi(before, release.name);
  if (old.size === 0) return verdict("no API report at its last release tag: nothing to compare");
  const { added, changed, removed } = diff(old, memberApi(now, release.name));
  const breaking = [
    ...changed.map((id) => `changed ${id}`),
    ...removed.map((id) => `removed ${id}`),
  ];
  if (breaking.length === 0) {
    return verdict(added.length === 0 ? "unchanged" : `added ${added.join(", ")}`);
  }
  if (allowsBreaking(release.from, release.to)) {
    return verdict(
      `breaking, which ${release.from} -> ${release.to} allows: ${breaking.join(", ")}`,
    );
  }
  return verdict(
    `${breaking.join(", ")}: a changed or removed public symbol needs a major version ` +
      `(a minor one before 1.0), not ${release.from} -> ${release.to}`,
    true,
  );
}
