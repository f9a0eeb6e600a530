import type { Check } from "./checks.ts";
import type { Style } from "../_common/style.ts";

/** A check as one aligned line: status, name, message. */
export function formatCheck(check: Check, style: Style): string {
  const colour = {
    ok: style.green,
    warn: style.yellow,
    fail: style.red,
    skip: style.dim,
  }[check.status];
  return `  ${colour(check.status.padEnd(4))}  ${check.name.padEnd(9)}  ${check.message}`;
}

/** Facts as aligned `label  value` lines. */
export function formatFacts(facts: readonly (readonly [string, string])[]): string {
  const width = Math.max(...facts.map(([label]) => label.length));
  return facts.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join("\n");
}

/** The closing line: how many failed and warned, or that all is well. */
export function formatVerdict(checks: readonly Check[], style: Style): string {
  const failed = checks.filter((check) => check.status === "fail").length;
  const warned = checks.filter((check) => check.status === "warn").length;
  if (failed === 0 && warned === 0) return style.green("all checks passed");
  const parts = [
    failed > 0 ? style.red(`${failed} failed`) : "",
    warned > 0 ? style.yellow(`${warned} ${warned === 1 ? "warning" : "warnings"}`) : "",
  ];
  return parts.filter(Boolean).join(", ");
}
