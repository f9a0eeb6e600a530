import { StorageError } from "./storage_error.ts";

/** Options for `createStorageClient` (see auto.ts). */
export interface AutoStorageOptions {
  /**
   * The application's name (default `"atomiton"`): the folder under the OS's
   * application-data folder, or the IndexedDB database.
   */
  readonly name?: string | undefined;
  /** For the file-system backend: the folder to use instead of the application-data one. */
  readonly directory?: string | undefined;
}

/**
 * The folder a store named `name` lives in on a server runtime: under
 * `$XDG_DATA_HOME` (or `~/.local/share`) on Linux and the BSDs,
 * `~/Library/Application Support` on macOS and `%LOCALAPPDATA%` on Windows.
 */
export function storageDirectory(
  options: AutoStorageOptions,
  os: string,
  env: (name: string) => string | undefined,
): string {
  if (options.directory !== undefined) return options.directory;
  const name = options.name ?? "atomiton";
  if (typeof name !== "string" || !/^[^/\\:*?"<>|\0]+$/.test(name) || /^\.+$/.test(name)) {
    throw new StorageError(
      "INVALID_OPTION",
      `Invalid name ${JSON.stringify(name)}: expected a folder name without separators.`,
    );
  }
  const home = env(os === "windows" ? "USERPROFILE" : "HOME");
  const base = os === "windows"
    ? env("LOCALAPPDATA") ?? env("APPDATA") ?? (home && `${home}\\AppData\\Local`)
    : os === "darwin"
    ? home && `${home}/Library/Application Support`
    : env("XDG_DATA_HOME") || (home && `${home}/.local/share`);
  if (!base) {
    throw new StorageError(
      "INVALID_OPTION",
      "Cannot find the application-data folder (no HOME or LOCALAPPDATA): pass `directory`.",
    );
  }
  return `${base}${os === "windows" ? "\\" : "/"}${name}${os === "windows" ? "\\" : "/"}storage`;
}
