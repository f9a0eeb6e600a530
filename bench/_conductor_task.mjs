// deno-lint-ignore-file explicit-module-boundary-types -- plain JS, Node.js runs it too
// The trivial task of bench/conductor_compare.ts: a chain link adds one to what it is given
// (the previous node's output arrives as input.n), a fan-out leaf does the same.
export default (input) => (input?.n ?? 0) + 1;
