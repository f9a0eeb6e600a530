// Message kinds between the pool and `serve` (which repeats them: it runs from source text).

/** Pool to worker: `[TASKS, id, exportName, input, id, exportName, input, ...]`. */
export const TASKS = 0;
/** Pool to worker: `[CANCEL, id, packedReason]`. */
export const CANCEL = 1;
/** Pool to worker: `[DRAIN]`, skip every task not started yet. */
export const DRAIN = 2;

/** Worker to pool: `[READY]`, the module loaded. */
export const READY = 0;
/** Worker to pool: `[OK, output]` for the oldest unanswered task. */
export const OK = 1;
/** Worker to pool: `[ERROR, packedError]` for the oldest unanswered task. */
export const ERROR = 2;
/** Worker to pool: `[SKIPPED]`, the oldest unanswered task was cancelled before it started. */
export const SKIPPED = 3;
/** Worker to pool: `[PROGRESS, value]` from the running task. */
export const PROGRESS = 4;
/** Worker to pool: `[NO_TASK, exportName]`, the module has no such function. */
export const NO_TASK = 5;
/** Worker to pool: `[LOAD_FAILED, packedError]`. */
export const LOAD_FAILED = 6;
/** Worker to pool: `[CRASH, packedError]`, an uncaught error; the worker is ending. */
export const CRASH = 7;
/** Worker to pool: `[EXIT, code]`, the task called exit or close; the worker is ending. */
export const EXIT = 8;
