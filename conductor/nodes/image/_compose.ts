import { ConductorError } from "../../conductor_error.ts";

import type { Buffer } from "node:buffer";

type Sharp = typeof import("sharp");
type Raw = { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };
type Parameters = Readonly<Record<string, unknown>>;

const GRAVITY: Readonly<Record<string, string>> = {
  "center": "centre",
  "top": "north",
  "right": "east",
  "bottom": "south",
  "left": "west",
  "top-left": "northwest",
  "top-right": "northeast",
  "bottom-left": "southwest",
  "bottom-right": "southeast",
};

/** The gravity sharp names for a schema position. */
export function gravity(position: unknown): string {
  return GRAVITY[String(position ?? "center")] ?? "centre";
}

/** A colour sharp takes: `transparent` as clear black, anything else as CSS. */
export function colour(value: unknown): string | { r: 0; g: 0; b: 0; alpha: 0 } {
  return value === undefined || value === "transparent"
    ? { r: 0, g: 0, b: 0, alpha: 0 }
    : String(value);
}

function raw(
  result: { data: Buffer; info: { width: number; height: number; channels: number } },
): Raw {
  const { width, height, channels } = result.info;
  return {
    data: result.data,
    info: { width, height, channels: channels as Raw["info"]["channels"] },
  };
}

/** The first image, resized to width and height as fit, position and maintainAspectRatio say. */
export async function baseLayer(
  sharp: Sharp["default"],
  path: string,
  p: Parameters,
): Promise<Raw> {
  let base = sharp(path);
  if (p.width !== undefined || p.height !== undefined) {
    base = base.resize(p.width as number | undefined, p.height as number | undefined, {
      fit: p.maintainAspectRatio === false ? "fill" : (p.fit as "cover" | undefined) ?? "cover",
      position: gravity(p.position),
      background: colour(p.backgroundColor),
    });
  }
  return raw(await base.raw().toBuffer({ resolveWithObject: true }));
}

/** An overlay as raw RGBA, shrunk to fit the base, its alpha scaled by opacity. */
async function overlayLayer(
  sharp: Sharp["default"],
  path: string,
  base: Raw,
  opacity: number,
): Promise<{ input: Buffer; raw: Raw["info"] }> {
  const { width = 0, height = 0 } = await sharp(path).metadata();
  let layer = sharp(path).ensureAlpha();
  if (width > base.info.width || height > base.info.height) {
    layer = layer.resize(base.info.width, base.info.height, { fit: "inside" });
  }
  const { data, info } = raw(await layer.raw().toBuffer({ resolveWithObject: true }));
  // The alpha channel is last (ensureAlpha); scaling it is what opacity means.
  if (opacity < 1) {
    for (let i = info.channels - 1; i < data.length; i += info.channels) {
      data[i] = Math.round(data[i]! * opacity);
    }
  }
  return { input: data, raw: info };
}

/** The base with every other image layered over it, bottom first. */
export async function layered(
  sharp: Sharp["default"],
  base: Raw,
  overlays: readonly string[],
  p: Parameters,
): Promise<Raw> {
  if (overlays.length === 0) return base;
  const opacity = typeof p.opacity === "number" ? p.opacity : 1;
  const blend = p.blendMode === "normal" || p.blendMode === undefined ? "over" : p.blendMode;
  const layers = [];
  for (const path of overlays) {
    const layer = await overlayLayer(sharp, path, base, opacity);
    layers.push({ ...layer, blend: blend as "over", gravity: gravity(p.position) });
  }
  const composed = sharp(base.data, { raw: base.info }).composite(layers);
  return raw(await composed.raw().toBuffer({ resolveWithObject: true }));
}

/** Runs a sharp step, turning its failure into an error that says which step and why. */
export async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConductorError) throw error;
    throw new ConductorError(
      "IMAGE_PROCESSING",
      `image: ${what} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
