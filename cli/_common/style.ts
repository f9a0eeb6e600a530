import type { Io } from "./io.ts";

/** Colours for terminal output; each is the identity when colour is off. */
export interface Style {
  readonly enabled: boolean;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

/**
 * Colour only on a terminal, never with NO_COLOR (no-color.org) or TERM=dumb;
 * FORCE_COLOR turns it on anyway, as in most command-line tools.
 */
export function wantsColor(io: Io, noColorFlag = false): boolean {
  if (noColorFlag || io.env("NO_COLOR")) return false;
  const force = io.env("FORCE_COLOR");
  if (force !== undefined && force !== "" && force !== "0") return true;
  return io.isTTY && io.env("TERM") !== "dumb";
}

/** Makes the colours, on or off. */
export function createStyle(enabled: boolean): Style {
  // Hand-rolled: six SGR codes do not justify a dependency that reads `process` on Deno.
  const sgr = (open: number, close: number) => (text: string): string =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    enabled,
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    dim: sgr(2, 22),
    bold: sgr(1, 22),
  };
}
