// Versions: the bump a maintainer asks for, the next version of a member, and what a bump allows.
import { ReleaseError } from "./_release_error.ts";

/** What `deno task release` was asked for: a step, or one exact version. */
export type Bump = "patch" | "minor" | "major" | { readonly exact: string };

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** `major.minor.patch` as numbers; throws for anything else (pre-releases are not used here). */
export function parseVersion(version: string): [number, number, number] {
  const parts = version.match(VERSION);
  if (!parts) {
    throw new ReleaseError(
      "BAD_VERSION",
      `"${version}" is not a version: write major.minor.patch, such as 0.1.1`,
    );
  }
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** Reads the command line's bump: `patch`, `minor`, `major` or an exact `X.Y.Z`. */
export function parseBump(arg: string | undefined): Bump {
  if (arg === "patch" || arg === "minor" || arg === "major") return arg;
  if (arg !== undefined && VERSION.test(arg)) return { exact: arg };
  throw new ReleaseError(
    "BAD_BUMP",
    `${
      arg === undefined ? "no version step given" : `"${arg}" is not a version step`
    }: write patch, minor, major or an exact version X.Y.Z`,
  );
}

/**
 * The version a member is released at. A member never released (no tag yet) is first released
 * at the version its deno.json holds, since that version was never published; an exact version
 * must not be older than that, nor equal to a version already released.
 */
export function nextVersion(current: string, bump: Bump, released: boolean): string {
  const [major, minor, patch] = parseVersion(current);
  if (typeof bump === "object") {
    const order = compareVersions(bump.exact, current);
    if (order > 0 || (order === 0 && !released)) return bump.exact;
    throw new ReleaseError(
      "NOT_NEWER",
      `${bump.exact} is not newer than ${current}${
        released ? ", which is released" : ""
      }: name a later version`,
    );
  }
  if (!released) return current;
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * Whether going from `from` to `to` may break the public API: a new major version, or before
 * 1.0 a new minor one (semver gives 0.x releases that meaning, and `^0.1.0` excludes 0.2.0).
 */
export function allowsBreaking(from: string, to: string): boolean {
  const [a, b] = [parseVersion(from), parseVersion(to)];
  if (b[0] > a[0]) return true;
  return a[0] === 0 && b[0] === 0 && b[1] > a[1];
}

/** Whether a caret range on `version` (`^0.1.0`, as the npm copies declare) holds `next`. */
export function caretHolds(version: string, next: string): boolean {
  const [a, b] = [parseVersion(version), parseVersion(next)];
  if (compareVersions(next, version) < 0) return false;
  if (a[0] > 0) return b[0] === a[0];
  if (a[1] > 0) return b[0] === 0 && b[1] === a[1];
  return b[0] === 0 && b[1] === 0 && b[2] === a[2];
}
