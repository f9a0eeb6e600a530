// deno-fmt-ignore-file
// deno-lint-ignore-file
import { MemoryClient, MonitoredStorageClient, type StorageEvent } from "@atomiton/core";
import { FileSystemClient } from "@atomiton/core";

export function openCache(): MemoryClient {
  return new MemoryClient();
}

export function openMonitored(): MonitoredStorageClient {
  return new MonitoredStorageClient(openCache());
}

export function openFiles(directory: string): FileSystemClient {
  return new FileSystemClient({ directory });
}

export function describe(event: StorageEvent): string {
  return `${event.operation} ${event.key ?? "*"} in ${event.duration} ms`;
}
