/**
 * What a flow node's task gets: its parameters (checked, defaults applied,
 * paths absolute), what the edges into its default input port carry, and one
 * field per other named input port.
 */
export interface FlowTaskInput {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly input?: unknown;
  readonly [port: string]: unknown;
}

/** The second argument of every task (see `NODE_RUNNER_URL`). */
export interface TaskContext {
  readonly signal: AbortSignal;
  readonly progress: (value: unknown) => void;
  readonly transfer: (...objects: unknown[]) => void;
  readonly nodeId: string;
  readonly baseUrl: string;
}
