// deno-lint-ignore-file explicit-module-boundary-types -- plain JS, Node.js runs it too
// The tiny task of bench/execution_compare.ts: a task module for @atomiton/execution,
// piscina and tinypool (their default export is the task).
export default (input) => input;
