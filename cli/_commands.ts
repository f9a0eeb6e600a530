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
// Deno loads every import() it can read before the program starts: all nine commands and the
// packages they drive (77 ms and 10 MB for `atomiton --version`). A substitution hides each one;
// the builds (scripts/_esbuild_workspace.ts `unhideImports`) give esbuild the literal back.
const modules: Readonly<Record<string, () => Promise<Record<string, Command>>>> = {
  run: () => import(`${"./run/mod.ts"}`),
  nodes: () => import(`${"./nodes/mod.ts"}`),
  runs: () => import(`${"./runs/mod.ts"}`),
  storage: () => import(`${"./storage/mod.ts"}`),
  events: () => import(`${"./events/mod.ts"}`),
  profile: () => import(`${"./profile/mod.ts"}`),
  doctor: () => import(`${"./doctor/mod.ts"}`),
  worker: () => import(`${"./worker/mod.ts"}`),
  migrate_imports: () => import(`${"./migrate_imports/mod.ts"}`),
};

async function load(folder: string, name: string): Promise<Command> {
  return (await modules[folder]!())[name]!;
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
