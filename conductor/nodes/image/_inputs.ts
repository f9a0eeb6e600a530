import { ConductorError } from "../../conductor_error.ts";
import type { FlowTaskInput } from "../_task.ts";

// node: modules load on first use, so the node library stays importable in a browser bundle.
async function pathTools(): Promise<{
  fileURLToPath: (url: URL | string) => string;
  isAbsolute: (path: string) => boolean;
  resolve: (...paths: string[]) => string;
}> {
  const { isAbsolute, resolve } = await import("node:path");
  const { fileURLToPath } = await import("node:url");
  return { fileURLToPath, isAbsolute, resolve };
}

/** A path or file: URL from the flow, absolute: relative ones resolve against the flow's folder. */
async function toPath(given: string, baseUrl: string): Promise<string> {
  const { fileURLToPath, isAbsolute, resolve } = await pathTools();
  if (given.startsWith("file:")) return fileURLToPath(given);
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(given)) {
    throw new ConductorError(
      "IMAGE_INPUT",
      `image: "${given}" is not a file; fetch it first (http-request, file-system write) ` +
        `and give the image node its path`,
    );
  }
  if (isAbsolute(given)) return given;
  return baseUrl.startsWith("file:") ? fileURLToPath(new URL(given, baseUrl)) : resolve(given);
}

/** A `baseImage` port's value: a path, or an object with one (such as another image node's output). */
function portPath(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const path = (value as { path?: unknown } | null | undefined)?.path;
  return typeof path === "string" ? path : undefined;
}

/**
 * The images to work on, bottom first: the `baseImage` port's (Atomiton's
 * input port), then `images`; each checked to exist, so a missing one is named.
 */
export async function imagePaths(task: FlowTaskInput, baseUrl: string): Promise<string[]> {
  const listed = task.parameters.images;
  const given = [portPath(task.baseImage), ...(Array.isArray(listed) ? listed : [])];
  const paths = await Promise.all(
    given.filter((item): item is string => typeof item === "string")
      .map((item) => toPath(item, baseUrl)),
  );
  if (paths.length === 0) {
    throw new ConductorError("IMAGE_PARAMETERS", `image: "images" must list at least one file`);
  }
  const { stat } = await import("node:fs/promises");
  for (const path of paths) {
    const found = await stat(path).then((info) => info.isFile(), () => false);
    if (!found) {
      throw new ConductorError("IMAGE_NOT_FOUND", `image: input image not found: ${path}`);
    }
  }
  return paths;
}

/** The output path, absolute (the flow translation already made it so; a direct call may not). */
export async function outputPath(task: FlowTaskInput, baseUrl: string): Promise<string> {
  const output = task.parameters.output;
  if (typeof output !== "string" || output === "") {
    throw new ConductorError("IMAGE_PARAMETERS", `image: "output" must name the file to write`);
  }
  return await toPath(output, baseUrl);
}
