/**
 * **Deprecated: a migration aid.** The old monolithic `@atomiton/core` API
 * (its clients, stores, services, event functions and platform detection), with
 * the old call shapes, implemented on the new packages (`@atomiton/platform`,
 * `/events`, `/storage`, `/execution`, `/store`). Each old export prints one
 * notice on first use (silence with `ATOMITON_NO_DEPRECATION=1`, collect with
 * {@linkcode onDeprecation}). Move off it with `atomiton migrate-imports`; see
 * MIGRATION.md for each export's new home and where this differs from the old code.
 *
 * @example
 * ```ts
 * import { MemoryClient, onDeprecation } from "@atomiton/core";
 *
 * onDeprecation((notice) => console.log("to migrate:", notice.name));
 * const cache = new MemoryClient();
 * await cache.set("greeting", "hello"); // the new API works on the old classes too
 * ```
 *
 * @module
 */
import { ProcessClient } from "@atomiton/execution/process";
import { provideProcessClient } from "./_process_backend.ts";

export * from "./_exports.ts";

// Where processes exist, NodeProcessClient runs them on the new ProcessClient.
provideProcessClient(ProcessClient);
