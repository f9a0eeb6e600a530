// The npm build's `node` condition for `@atomiton/execution/process`: `node:child_process`.
import { ProcessClient as Base } from "./process_client.ts";
import { SPAWN, type Spawn } from "./_spawn.ts";
import { spawnNode } from "./_spawn_node.ts";

export type {
  ProcessClientOptions,
  ProcessHandle,
  ProcessResult,
  SpawnOptions,
} from "./process_client.ts";

/** {@linkcode Base} on `node:child_process`. */
export class ProcessClient extends Base {
  /** The backend this build uses. */
  static [SPAWN] = (): Promise<Spawn> => Promise.resolve(spawnNode);
}

// Bundlers rename one of two classes with the same name; keep the one users see.
Object.defineProperty(ProcessClient, "name", { value: "ProcessClient" });
