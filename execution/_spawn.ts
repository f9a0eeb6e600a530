// What ProcessClient needs from a runtime to start a child process.

/** How a child ended. */
export interface ExitStatus {
  /** The exit code, or null when a signal ended the process. */
  readonly exitCode: number | null;
  /** The signal that ended the process, or null. */
  readonly signal: string | null;
}

/** A started child process, as a backend gives it. */
export interface Spawned {
  readonly pid: number;
  readonly stdout: AsyncIterable<Uint8Array>;
  readonly stderr: AsyncIterable<Uint8Array>;
  readonly status: Promise<ExitStatus>;
  write(data: Uint8Array): Promise<void>;
  closeInput(): Promise<void>;
  kill(signal: string): void;
}

/** What a backend is told to start. */
export interface SpawnRequest {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string>> | undefined;
  readonly stdin: boolean;
}

/** Starts a process; rejects with the runtime's own error when it cannot. */
export type Spawn = (request: SpawnRequest) => Promise<Spawned>;

/** Where a subclass for one runtime puts its backend (see process_client_deno.ts, _node.ts). */
export const SPAWN: unique symbol = Symbol("atomiton.execution.spawn");

/** Loads the backend of the runtime this runs on (for the runtime-neutral entry). */
export function loadSpawn(): Promise<Spawn> {
  return "Deno" in globalThis
    ? import("./_spawn_deno.ts").then((m) => m.spawnDeno)
    : import("./_spawn_node.ts").then((m) => m.spawnNode);
}
