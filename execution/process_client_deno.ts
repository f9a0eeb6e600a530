// The npm build's `deno` condition for `@atomiton/execution/process`: Deno's `Deno.Command`.
import { ProcessClient as Base } from "./process_client.ts";
import { SPAWN, type Spawn } from "./_spawn.ts";
import { spawnDeno } from "./_spawn_deno.ts";

export type {
  ProcessClientOptions,
  ProcessHandle,
  ProcessResult,
  SpawnOptions,
} from "./process_client.ts";

/** {@linkcode Base} on Deno's `Deno.Command`. */
export class ProcessClient extends Base {
  /** The backend this build uses. */
  static [SPAWN] = (): Promise<Spawn> => Promise.resolve(spawnDeno);
}

// Bundlers rename one of two classes with the same name; keep the one users see.
Object.defineProperty(ProcessClient, "name", { value: "ProcessClient" });
