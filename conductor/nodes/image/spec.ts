import { nodesUrl } from "../../_nodes_url.ts";
import type { BuiltinSpec } from "../_spec.ts";

const POSITIONS = [
  "center",
  "top",
  "right",
  "bottom",
  "left",
  "top-left",
  "top-right",
  "bottom-left",
  "bottom-right",
];

const BLEND_MODES = [
  "normal",
  "clear",
  "source",
  "over",
  "in",
  "out",
  "atop",
  "dest",
  "dest-over",
  "dest-in",
  "dest-out",
  "dest-atop",
  "xor",
  "add",
  "saturate",
  "multiply",
  "screen",
  "overlay",
  "darken",
  "lighten",
  "color-dodge",
  "color-burn",
  "hard-light",
  "soft-light",
  "difference",
  "exclusion",
];

/**
 * Refuses the type where sharp (a native addon) cannot load, so a flow fails when validated. It
 * asks the node library, through a URL that bundlers do not follow: a web app's bundle of the
 * conductor must not try to pull sharp in.
 */
async function sharpLoads(): Promise<string | undefined> {
  const library = await import(nodesUrl()) as { sharpProblem(): Promise<string | undefined> };
  return await library.sharpProblem();
}

/**
 * The `image` node type: Atomiton's image schema (operations, formats, fit,
 * position, blend modes, filters, with its defaults and limits) and its
 * definition's `outputFormat`, `backgroundColor`, `maintainAspectRatio` and
 * `padding`, through sharp. Runs on Deno and Node.
 */
export const spec: BuiltinSpec = {
  type: "image",
  description: "Overlay, merge, composite or blend images, resize and filter them (sharp)",
  task: "image",
  runtimes: ["deno", "node"],
  needs: "sharp, a native library, and a file system",
  check: sharpLoads,
  parameters: {
    operation: {
      type: "string",
      description: "overlay/merge: layer images[1..] over images[0]; composite/blend: the same, " +
        "or one image resized and filtered",
      enum: ["overlay", "merge", "composite", "blend"],
      default: "overlay",
    },
    images: {
      type: "array",
      description: "The image files, the first at the bottom (relative to the flow's folder)",
      items: "string",
      required: true,
      min: 1,
    },
    output: {
      type: "string",
      description: "The file to write the result to",
      required: true,
      path: true,
    },
    width: { type: "number", description: "The result's width in pixels", min: 1, integer: true },
    height: { type: "number", description: "The result's height in pixels", min: 1, integer: true },
    format: {
      type: "string",
      description: "The result's format (default: outputFormat, else png)",
      enum: ["png", "jpeg", "webp"],
    },
    outputFormat: {
      type: "string",
      description: "The platform editor's name for format, used when format is not given",
      enum: ["png", "jpeg", "webp"],
    },
    quality: {
      type: "number",
      description: "Quality of jpeg and webp (1-100); png is lossless",
      default: 90,
      min: 1,
      max: 100,
      integer: true,
    },
    fit: {
      type: "string",
      description: "How the first image fits width and height",
      enum: ["cover", "contain", "fill", "inside", "outside"],
      default: "cover",
    },
    maintainAspectRatio: {
      type: "boolean",
      description: "false stretches to width and height (fit fill)",
      default: true,
    },
    position: {
      type: "string",
      description: "Where the overlays go, and which part a cover resize keeps",
      enum: POSITIONS,
      default: "center",
    },
    blendMode: {
      type: "string",
      description: "How the overlays blend (normal is over)",
      enum: BLEND_MODES,
      default: "over",
    },
    opacity: {
      type: "number",
      description: "The overlays' opacity (0-1)",
      default: 1,
      min: 0,
      max: 1,
    },
    backgroundColor: {
      type: "string",
      description: "The colour of padding, of contain's borders and under jpeg (CSS colour)",
      default: "transparent",
    },
    padding: {
      type: "number",
      description: "Pixels of background added on every side of the result",
      default: 0,
      min: 0,
      integer: true,
    },
    blur: { type: "number", description: "Gaussian blur sigma (0-100; 0: none)", min: 0, max: 100 },
    sharpen: { type: "boolean", description: "Sharpen the result", default: false },
    grayscale: { type: "boolean", description: "Make the result grey", default: false },
  },
};
