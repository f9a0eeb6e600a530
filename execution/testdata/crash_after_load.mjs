// deno-lint-ignore-file explicit-module-boundary-types -- plain JS task module
// A task module that loads, then ends its worker by itself before any task runs.
setTimeout(() => {
  throw new Error("crashed after load");
}, 0);

export default (n) => n;
