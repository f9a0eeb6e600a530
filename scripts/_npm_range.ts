const CARET = /^\^(\d+)\.(\d+)\.(\d+)$/;
const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/**
 * Whether an exact version lies in a range of caret alternatives (`^18.0.0 || ^19.0.0`),
 * the only form the npm copies declare.
 *
 * @param version An exact version, `19.3.1`.
 * @param range Caret ranges joined by `||`.
 * @returns True when one alternative holds the version.
 */
export function inRange(version: string, range: string): boolean {
  const v = version.match(VERSION)?.slice(1).map(Number);
  if (!v) throw new Error(`"${version}" is not an exact version (major.minor.patch)`);
  return range.split("||").some((alternative) => {
    const low = alternative.trim().match(CARET)?.slice(1).map(Number);
    if (!low) throw new Error(`"${alternative.trim()}" is not a caret range (^major.minor.patch)`);
    if (v[0] !== low[0]) return false;
    return v[1]! > low[1]! || (v[1] === low[1] && v[2]! >= low[2]!);
  });
}

/**
 * Refuses a development pin that the declared range does not hold: the import map and
 * the npm copies must not disagree.
 *
 * @param name The npm package.
 * @param pin The version the import map pins.
 * @param range The range the npm copies declare.
 */
export function checkRange(name: string, pin: string, range: string): void {
  if (!inRange(pin, range)) {
    throw new Error(
      `the import map pins ${name}@${pin}, outside the range the npm copies declare (${range})`,
    );
  }
}
