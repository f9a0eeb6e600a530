// What the async paths (a run, a resume, getRun, listRuns) load on first use, as one
// chunk: the engine, the run records and their options cost an import of the package nothing.
export { execute, storedResults } from "./_engine_run.ts";
export { checkRunId, isRunId, runSettings } from "./_engine_options.ts";
export { forcedPaths, isForced } from "./_engine_from.ts";
export { readNodes, readNodesOfRuns, runKey } from "./_records.ts";
export { asStoredRun } from "./_records_shape.ts";
export { describeRun } from "./_records_describe.ts";
