/**
 * Bundles a workspace entry for Node.js or the browser, the one way tests and
 * benchmarks do it: esbuild, one ES module, this project's packages from source
 * (the `_node.ts` or `_browser.ts` variant where there is one, as the npm copy's
 * conditional exports would pick), then runs a bundle on Node.
 *
 * ```ts ignore
 * import { bundleEntry, runOnNode } from "../scripts/testing/bundle.ts";
 *
 * const file = await bundleEntry("events/testdata/prototype_keys_node.ts", {
 *   platform: "node",
 *   outfile: `${dir}/prototype_keys.mjs`,
 * });
 * const { code, stdout, stderr } = await runOnNode(file, ["--flag"]);
 * const page = await bundleEntry("storage/testdata/indexeddb_page.ts", { platform: "browser" });
 * ```
 *
 * @module
 */
import * as esbuild from "esbuild";
import { basename } from "node:path";
import { unhideImports, workspaceFromSource } from "../_esbuild_workspace.ts";

/** Options of {@linkcode bundleEntry}. */
export interface BundleEntryOptions {
  /** Picks each package's `_node.ts` or `_browser.ts` variant and esbuild's platform. */
  readonly platform: "node" | "browser";
  /** Writes the bundle here and returns this path; without it (or `outdir`) the text comes back. */
  readonly outfile?: string;
  /** Writes the entry (and, with `splitting`, its shared chunks) into this folder instead. */
  readonly outdir?: string;
  /** The entry's file name in `outdir`, without `.js` (default: its own base name). */
  readonly entryName?: string;
  /** Splits lazily imported code into chunks (needs `outdir`). */
  readonly splitting?: boolean;
  /**
   * Packages that are not this workspace's: `true` leaves all to the runtime's resolver, `false`
   * bundles all from node_modules, a list leaves just those out. Default: `true` for Node,
   * `false` for the browser.
   */
  readonly external?: boolean | readonly string[];
}

/**
 * Bundles `entry` into one ES module for `options.platform`, and stops esbuild's
 * service afterwards so Deno's test sanitizers see no child process left running.
 *
 * @param entry The entry module's path.
 * @param options Where to write it and what to leave out.
 * @returns The path of the entry's bundle when written (`outfile` or `outdir`), else its text.
 *
 * @example Text for a page
 * ```ts ignore
 * const script = await bundleEntry("storage/testdata/indexeddb_page.ts", { platform: "browser" });
 * ```
 */
export async function bundleEntry(entry: string, options: BundleEntryOptions): Promise<string> {
  const { platform, outfile, outdir, external = platform === "node" } = options;
  const name = options.entryName ?? basename(entry).replace(/\.[^.]+$/, "");
  const write = outfile !== undefined || outdir !== undefined;
  try {
    const result = await esbuild.build({
      entryPoints: outdir === undefined ? [entry] : { [name]: entry },
      ...(outfile === undefined ? {} : { outfile }),
      ...(outdir === undefined ? {} : { outdir }),
      bundle: true,
      splitting: options.splitting ?? false,
      format: "esm",
      platform,
      target: platform === "node" ? "node20" : "es2022",
      write,
      logLevel: "error",
      external: typeof external === "boolean" ? [] : [...external],
      plugins: [workspaceFromSource(platform, { external: external === true }), unhideImports()],
    });
    if (outfile !== undefined) return outfile;
    if (outdir !== undefined) return `${outdir}/${name}.js`;
    return result.outputFiles![0]!.text;
  } finally {
    await esbuild.stop();
  }
}

/** Options of {@linkcode runOnNode}. */
export interface RunOnNodeOptions {
  /** The working folder (default: this process's). */
  readonly cwd?: string;
  /** Variables added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** A command that runs `node` for it, such as `["taskset", "-c", "0"]` to pin one CPU. */
  readonly via?: readonly string[];
}

/** What a Node.js process printed and exited with. */
export interface NodeOutput {
  /** Its exit code. */
  readonly code: number;
  /** Its standard output, decoded. */
  readonly stdout: string;
  /** Its standard error, decoded. */
  readonly stderr: string;
}

/**
 * Runs `node <file> <args>` to the end, nothing on its standard input.
 *
 * @param file The script for `node`, such as a bundle from {@linkcode bundleEntry}.
 * @param args Its arguments.
 * @param options Where and how it runs.
 * @returns Its exit code and decoded output.
 *
 * @example Run a bundle
 * ```ts ignore
 * const { code, stdout } = await runOnNode(await bundleEntry(entry, { platform: "node", outfile }));
 * ```
 */
export async function runOnNode(
  file: string,
  args: readonly string[] = [],
  options: RunOnNodeOptions = {},
): Promise<NodeOutput> {
  const [command, ...prefix] = [...(options.via ?? []), "node"];
  const output = await new Deno.Command(command!, {
    args: [...prefix, file, ...args],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: { ...options.env } }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}
