// Which members a release takes and at which versions: a pure function of the workspace's state.
import { ReleaseError } from "./_release_error.ts";
import { type Bump, caretHolds, nextVersion } from "./_release_version.ts";

/** One commit, as `git log` gives it. */
export interface Commit {
  readonly hash: string;
  readonly subject: string;
}

/** What the plan needs to know about one member. */
export interface MemberState {
  readonly name: string;
  readonly folder: string;
  readonly version: string;
  /** Whether a release tag exists for it. */
  readonly released: boolean;
  /** The commits since its last release tag that touched its folder. */
  readonly commits: readonly Commit[];
  /** The sibling packages it imports, by name. */
  readonly siblings: readonly string[];
}

/** One member a release takes. */
export interface PlannedRelease {
  readonly name: string;
  readonly folder: string;
  readonly from: string;
  readonly to: string;
  readonly released: boolean;
  readonly commits: readonly Commit[];
  /** Siblings whose new versions this member's npm range did not hold (why it goes too). */
  readonly followsSiblings: readonly string[];
}

function choose(state: MemberState, bump: Bump, followsSiblings: string[] = []): PlannedRelease {
  return {
    name: state.name,
    folder: state.folder,
    from: state.version,
    to: nextVersion(state.version, bump, state.released),
    released: state.released,
    commits: state.commits,
    followsSiblings,
  };
}

/**
 * The members a release takes, in workspace order: those named (or, with none named, each
 * one with commits since its last release and each one never released), then every member
 * importing one of them whose new version its caret range does not hold (a patch for it, so
 * that its npm copy can declare the new range).
 */
export function planRelease(
  states: readonly MemberState[],
  bump: Bump,
  named: readonly string[] = [],
): PlannedRelease[] {
  const byName = new Map(states.map((state) => [state.name, state]));
  const chosen = new Map<string, PlannedRelease>();
  for (const wanted of named) {
    const state = byName.get(wanted) ?? byName.get(`@atomiton/${wanted}`);
    if (!state) {
      throw new ReleaseError(
        "UNKNOWN_MEMBER",
        `"${wanted}" is not a workspace member: name one of ${[...byName.keys()].join(", ")}`,
      );
    }
    chosen.set(state.name, choose(state, bump));
  }
  if (named.length === 0) {
    for (const state of states) {
      if (state.commits.length > 0 || !state.released) chosen.set(state.name, choose(state, bump));
    }
  }
  addDependents(states, chosen);
  if (chosen.size === 0) {
    throw new ReleaseError(
      "NOTHING_TO_RELEASE",
      "no member has commits since its last release tag: there is nothing to release",
    );
  }
  return states.flatMap((state) => chosen.get(state.name) ?? []);
}

/** Adds, until nothing changes, each member whose range on a chosen sibling breaks. */
function addDependents(states: readonly MemberState[], chosen: Map<string, PlannedRelease>): void {
  for (let added = true; added;) {
    added = false;
    for (const state of states) {
      if (chosen.has(state.name)) continue;
      const outgrown = state.siblings.filter((sibling) => {
        const release = chosen.get(sibling);
        return release !== undefined && !caretHolds(release.from, release.to);
      });
      if (outgrown.length === 0) continue;
      chosen.set(state.name, choose(state, "patch", outgrown));
      added = true;
    }
  }
}
