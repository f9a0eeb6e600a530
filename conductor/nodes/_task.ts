/**
 * What a flow node's task gets: its parameters (checked, defaults applied,
 * paths absolute), what the edges into its default input port carry, and one
 * field per other named input port.
 */
export interface FlowTaskInput {
  /** The node's parameters: checked, defaults applied, JSON strings parsed, paths absolute. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** What the edges into the default input port carry (`undefined` for a source node). */
  readonly input?: unknown;
  /** The value of each other named input port. */
  readonly [port: string]: unknown;
}

/** The second argument of every task (see `NODE_RUNNER_URL`). */
export interface TaskContext {
  /** Aborts when the run is cancelled or fails, or the node's time limit passes. */
  readonly signal: AbortSignal;
  /** Reports progress (a number from 0 to 1, or any JSON) as the node's progress events. */
  readonly progress: (value: unknown) => void;
  /** Marks objects (ArrayBuffers, ports) of the output to be moved, not copied. */
  readonly transfer: (...objects: unknown[]) => void;
  /** The node's id (its path, `parent/child`, inside a sub-blueprint). */
  readonly nodeId: string;
  /** The flow file's URL: relative paths resolve against it. */
  readonly baseUrl: string;
}
