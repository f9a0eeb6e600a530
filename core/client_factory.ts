import { deprecated, quietly } from "./_deprecation.ts";
import type { RuntimePlatform } from "./detect_platform.ts";
import { getPlatformInfo } from "./get_platform_info.ts";
import type { IExecutionClient } from "./base_execution_client.ts";
import { FileSystemClient } from "./file_system_client.ts";
import { IndexedDBClient } from "./indexeddb_client.ts";
import { MemoryClient } from "./memory_client.ts";
import { NodeProcessClient } from "./node_process_client.ts";
import { WebWorkerClient } from "./web_worker_client.ts";

type Storage = MemoryClient | FileSystemClient | IndexedDBClient;
const storage = new Map<RuntimePlatform, Storage>();
const execution = new Map<RuntimePlatform, IExecutionClient>();
const NAMES: Record<RuntimePlatform, [string, string]> = {
  browser: ["IndexedDBClient", "WebWorkerClient"],
  desktop: ["FileSystemClient", "NodeProcessClient"],
  test: ["MemoryClient", "NodeProcessClient or WebWorkerClient"],
  unknown: ["MemoryClient", "None"],
};

function platformOf(platform?: RuntimePlatform): RuntimePlatform {
  return platform || quietly(() => getPlatformInfo()).platform;
}

function freshStorage(platform: RuntimePlatform): Storage {
  return quietly(() =>
    platform === "browser"
      ? new IndexedDBClient()
      : platform === "desktop"
      ? new FileSystemClient()
      : new MemoryClient()
  );
}

function freshExecution(platform: RuntimePlatform): IExecutionClient {
  if (platform === "unknown") {
    throw new TypeError(`Execution is not supported on platform: ${platform}`);
  }
  return quietly(() => platform === "browser" ? new WebWorkerClient() : new NodeProcessClient());
}

/**
 * The old factory of the platform's clients: IndexedDB and Web Workers in a
 * browser, files and processes on a desktop, memory in tests.
 *
 * @deprecated Use `createStorageClient({ name })` from `@atomiton/storage/auto`.
 *
 * @example
 * ```ts
 * import { ClientFactory } from "@atomiton/core";
 *
 * const storage = ClientFactory.createStorageClient("test");
 * await storage.write("a", new Uint8Array([1]));
 * ```
 */
export class ClientFactory {
  /**
   * The platform's storage client, one per platform.
   *
   * @param platform Default: this one.
   * @returns The client.
   */
  static createStorageClient(platform?: RuntimePlatform): Storage {
    deprecated("ClientFactory", "createStorageClient from @atomiton/storage/auto");
    const target = platformOf(platform);
    const client = storage.get(target) ?? freshStorage(target);
    storage.set(target, client);
    return client;
  }

  /**
   * The platform's execution client, one per platform.
   *
   * @param platform Default: this one.
   * @returns The client.
   */
  static createExecutionClient(platform?: RuntimePlatform): IExecutionClient {
    deprecated("ClientFactory", "createStorageClient from @atomiton/storage/auto");
    const target = platformOf(platform);
    const client = execution.get(target) ?? freshExecution(target);
    execution.set(target, client);
    return client;
  }

  /**
   * A new storage client, not shared.
   *
   * @param platform Default: this one.
   * @returns The client.
   */
  static createFreshStorageClient(platform?: RuntimePlatform): Storage {
    deprecated("ClientFactory", "createStorageClient from @atomiton/storage/auto");
    return freshStorage(platformOf(platform));
  }

  /**
   * A new execution client, not shared.
   *
   * @param platform Default: this one.
   * @returns The client.
   */
  static createFreshExecutionClient(platform?: RuntimePlatform): IExecutionClient {
    deprecated("ClientFactory", "createStorageClient from @atomiton/storage/auto");
    return freshExecution(platformOf(platform));
  }

  /** Forgets the shared clients, cleaning them up. */
  static clearCache(): void {
    for (const client of [...storage.values(), ...execution.values()]) {
      // deno-lint-ignore no-console -- the old factory logged a failed clean-up
      client.cleanup().catch(console.error);
    }
    storage.clear();
    execution.clear();
  }

  /**
   * Which clients the platform gets.
   *
   * @param platform Default: this one.
   * @returns The platform and the clients' names.
   */
  static getAvailableClients(
    platform?: RuntimePlatform,
  ): { storage: string; execution: string; platform: RuntimePlatform } {
    const target = platformOf(platform);
    const [storageName, executionName] = NAMES[target];
    return { platform: target, storage: storageName, execution: executionName };
  }
}
