import type { Command } from "./_common/command.ts";

/** A top-level command: its summary, and its module, loaded only when it runs. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/**
 * Imports `./_<file>_command.ts` and returns its `<name>` export. A template
 * literal on purpose: Deno pre-loads the whole graph of a plain string
 * `import()` at start-up (~18 ms for all commands), while esbuild still bundles
 * every file the pattern matches.
 */
async function load(file: string, name: string): Promise<Command> {
  const module: Record<string, Command> = await import(`./_${file}_command.ts`);
  return module[name]!;
}

async function loadFolder(folder: string, name: string): Promise<Command> {
  const module: Record<string, Command> = await import(`./${folder}/mod.ts`);
  return module[name]!;
}

/** Every top-level command; modules load lazily so `--version` and `--help` start fast. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  run: {
    summary: "Run a blueprint: nodes in parallel on worker threads, results saved",
    load: () => loadFolder("run", "runCommand"),
  },
  storage: {
    summary: "List, read, write, remove and migrate keys of a store",
    load: () => loadFolder("storage", "storageCommand"),
  },
  events: {
    summary: "Tail, record, replay and summarise event logs",
    load: () => loadFolder("events", "eventsCommand"),
  },
  profile: {
    summary: "Measure storage, events and execution (or a blueprint) on this machine",
    load: () => loadFolder("profile", "profileCommand"),
  },
  doctor: {
    summary: "Show the runtime, capabilities, chosen backends and budget checks",
    load: () => loadFolder("doctor", "doctorCommand"),
  },
  worker: {
    summary: "Serve blueprint nodes (or a task module) from a Redis queue",
    load: () => loadFolder("worker", "workerCommand"),
  },
  "migrate-imports": {
    summary: "Rewrite imports of the old @atomiton/core to the new packages",
    load: () => load("migrate_imports", "migrateImportsCommand"),
  },
};
