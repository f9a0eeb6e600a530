import type { Command } from "./_common/command.ts";

/** A top-level command: its summary, and its module, loaded only when it runs. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/**
 * Imports `./<folder>/mod.ts` (a command's folder: `run/`, `storage/`, ...) and
 * returns its `<name>` export. A template literal on purpose: Deno pre-loads the
 * whole graph of a plain string `import()` at start-up (~18 ms for all commands),
 * while esbuild still bundles every file the pattern matches: the `mod.ts` of
 * each command's folder (no other folder under cli/ has one).
 */
async function load(folder: string, name: string): Promise<Command> {
  const module: Record<string, Command> = await import(`./${folder}/mod.ts`);
  return module[name]!;
}

/** Every top-level command; modules load lazily so `--version` and `--help` start fast. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  run: {
    summary: "Run a blueprint or an Atomiton flow: nodes in parallel on workers, results saved",
    load: () => load("run", "runCommand"),
  },
  nodes: {
    summary: "List the node types of flows, with their parameters and defaults",
    load: () => load("nodes", "nodesCommand"),
  },
  runs: {
    summary: "List the recorded runs and show one, node by node",
    load: () => load("runs", "runsCommand"),
  },
  storage: {
    summary: "List, read, write, remove and migrate keys of a store",
    load: () => load("storage", "storageCommand"),
  },
  events: {
    summary: "Tail, record, replay and summarise event logs",
    load: () => load("events", "eventsCommand"),
  },
  profile: {
    summary: "Measure storage, events and execution (or a blueprint) on this machine",
    load: () => load("profile", "profileCommand"),
  },
  doctor: {
    summary: "Show the runtime, capabilities, chosen backends and budget checks",
    load: () => load("doctor", "doctorCommand"),
  },
  worker: {
    summary: "Serve blueprint nodes (or a task module) from a Redis queue",
    load: () => load("worker", "workerCommand"),
  },
  "migrate-imports": {
    summary: "Rewrite imports of the old @atomiton/core to the new packages",
    load: () => load("migrate_imports", "migrateImportsCommand"),
  },
};
