import type { Command } from "./_command.ts";

/** A top-level command: its summary, and its module, loaded only when it runs. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** Every top-level command; modules load lazily so `--version` and `--help` start fast. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  run: {
    summary: "Run a blueprint: nodes in parallel on worker threads, results saved",
    load: async () => (await import("./_run_command.ts")).runCommand,
  },
  storage: {
    summary: "List, read, write, remove and migrate keys of a store",
    load: async () => (await import("./_storage_command.ts")).storageCommand,
  },
  events: {
    summary: "Tail, record, replay and summarise event logs",
    load: async () => (await import("./_events_command.ts")).eventsCommand,
  },
  profile: {
    summary: "Measure storage, events and execution (or a blueprint) on this machine",
    load: async () => (await import("./_profile_command.ts")).profileCommand,
  },
  doctor: {
    summary: "Show the runtime, capabilities, chosen backends and budget checks",
    load: async () => (await import("./_doctor_command.ts")).doctorCommand,
  },
  worker: {
    summary: "Serve blueprint nodes (or a task module) from a Redis queue",
    load: async () => (await import("./_worker_command.ts")).workerCommand,
  },
  "migrate-imports": {
    summary: "Rewrite imports of the old @atomiton/core to the new packages",
    load: async () => (await import("./_migrate_imports_command.ts")).migrateImportsCommand,
  },
};
