// The npm build's `browser` condition for "@atomiton/core": every export of mod.ts, without the
// ProcessClient (and its node:child_process) that NodeProcessClient runs on; in a page it rejects.
export * from "./_exports.ts";
