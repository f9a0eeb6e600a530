// deno-lint-ignore-file explicit-module-boundary-types -- plain JS, run by a worker process
// Task module of the idle-pool orphan test: each worker process that loads it says so by an empty
// file `<pid>.pid` in $ORPHAN_DIR.
Deno.writeTextFileSync(`${Deno.env.get("ORPHAN_DIR")}/${Deno.pid}.pid`, "");

/** Returns its input. */
export default (n) => n;
