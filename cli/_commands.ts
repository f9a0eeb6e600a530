import type { Command } from "./_common/command.ts";

/** A top-level command: its summary, and its module, loaded only when it runs. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// Deno loads every import() it can read before the program starts: all nine commands and the
// packages they drive (77 ms and 10 MB for `atomiton --version`). A substitution hides each one;
// the builds (scripts/_esbuild_workspace.ts `unhideImports`) give esbuild the literal back.
async function pick(module: Promise<Record<string, Command>>, name: string): Promise<Command> {
  return (await module)[name]!;
}

/** Every top-level command; modules load lazily so `--version` and `--help` start fast. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  run: {
    summary: "Run a blueprint or an Atomiton flow: nodes in parallel on workers, results saved",
    load: () => pick(import(`${"./run/mod.ts"}`), "runCommand"),
  },
  nodes: {
    summary: "List the node types of flows, with their parameters and defaults",
    load: () => pick(import(`${"./nodes/mod.ts"}`), "nodesCommand"),
  },
  runs: {
    summary: "List the recorded runs and show one, node by node",
    load: () => pick(import(`${"./runs/mod.ts"}`), "runsCommand"),
  },
  storage: {
    summary: "List, read, write, remove and migrate keys of a store",
    load: () => pick(import(`${"./storage/mod.ts"}`), "storageCommand"),
  },
  events: {
    summary: "Tail, record, replay and summarise event logs",
    load: () => pick(import(`${"./events/mod.ts"}`), "eventsCommand"),
  },
  profile: {
    summary: "Measure storage, events and execution (or a blueprint) on this machine",
    load: () => pick(import(`${"./profile/mod.ts"}`), "profileCommand"),
  },
  doctor: {
    summary: "Show the runtime, capabilities, chosen backends and budget checks",
    load: () => pick(import(`${"./doctor/mod.ts"}`), "doctorCommand"),
  },
  worker: {
    summary: "Serve blueprint nodes (or a task module) from a Redis queue",
    load: () => pick(import(`${"./worker/mod.ts"}`), "workerCommand"),
  },
  "migrate-imports": {
    summary: "Rewrite imports of the old @atomiton/core to the new packages",
    load: () => pick(import(`${"./migrate_imports/mod.ts"}`), "migrateImportsCommand"),
  },
};
