import { ConductorError } from "../../conductor_error.ts";
import type { FlowTaskInput, TaskContext } from "../_task.ts";
import { baseLayer, layered, step } from "./_compose.ts";
import { imagePaths, outputPath } from "./_inputs.ts";
import { writeImage } from "./_output.ts";

/** What the image node returns: the file written and what it is. */
export interface ImageResult {
  /** The file written (absolute). */
  readonly path: string;
  /** The same path: Atomiton's output port `result` carries it. */
  readonly result: string;
  /** Its width in pixels. */
  readonly width: number;
  /** Its height in pixels. */
  readonly height: number;
  /** Its format: png, jpeg or webp. */
  readonly format: string;
  /** Its size in bytes. */
  readonly size: number;
}

/**
 * The `image` node's task, through sharp: resizes the first image to `width`
 * and `height` (as `fit` and `position` say), layers the others over it at
 * `position` with `blendMode` and `opacity` (overlay and merge need two or
 * more; composite and blend take one too), then blurs, sharpens, greys and
 * pads the result and writes it to `output` as `format`.
 *
 * @param task The node's parameters (see the spec) and its `baseImage` port.
 * @param context The worker's task context: its signal is checked between steps.
 * @returns `{ path, result, width, height, format, size }` of the file written.
 *
 * @example Grey a picture
 * ```ts ignore
 * import { image } from "@atomiton/conductor/nodes";
 *
 * await image(
 *   { parameters: { operation: "composite", images: ["photo.png"], output: "grey.png", grayscale: true } },
 *   { signal: new AbortController().signal, progress() {}, transfer() {}, nodeId: "n", baseUrl: "" },
 * );
 * ```
 */
export async function image(task: FlowTaskInput, context: TaskContext): Promise<ImageResult> {
  const { parameters: p } = task;
  const output = await outputPath(task, context.baseUrl);
  const paths = await imagePaths(task, context.baseUrl);
  if ((p.operation ?? "overlay") !== "composite" && p.operation !== "blend" && paths.length < 2) {
    throw new ConductorError(
      "IMAGE_PARAMETERS",
      `image: ${p.operation ?? "overlay"} layers images over the first, so "images" needs ` +
        `two or more (got ${paths.length}); for one image use composite`,
    );
  }
  const sharp = (await import("sharp")).default;
  const base = await step(`reading ${paths[0]}`, () => baseLayer(sharp, paths[0]!, p));
  context.signal.throwIfAborted();
  const composed = await step("layering", () => layered(sharp, base, paths.slice(1), p));
  context.signal.throwIfAborted();
  return await step(`writing ${output}`, () => writeImage(sharp, composed, output, p));
}

/**
 * Why the image node cannot run here (sharp, a native addon, did not load), or
 * `undefined` when it can. Flows with image nodes are refused when validated
 * where it returns a problem.
 *
 * @example
 * ```ts
 * import { sharpProblem } from "@atomiton/conductor/nodes";
 * import assert from "node:assert/strict";
 *
 * const problem = await sharpProblem();
 * assert.ok(problem === undefined || problem.includes("npm install sharp"));
 * ```
 *
 * @returns The problem, or `undefined`.
 */
export async function sharpProblem(): Promise<string | undefined> {
  try {
    await import("sharp");
    return undefined;
  } catch (error) {
    return `the image node needs the npm package sharp, which could not load here: ${
      (error as Error).message
    }; install it with npm install sharp`;
  }
}
