import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";

/** The extensions of the files searched for imports. */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
]);

/** Folders never entered: installed packages, history and build output. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  "dist",
  "build",
]);

/**
 * The source files under `root`, sorted, as absolute paths when `root` is.
 * Symbolic links are not followed, so a link cannot loop or lead outside.
 *
 * @param root The folder to search.
 * @returns The paths of the files with a {@linkcode SOURCE_EXTENSIONS} extension.
 */
export async function findSourceFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(path);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        files.push(path);
      }
    }
  };
  await walk(root);
  return files;
}
