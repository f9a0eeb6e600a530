import { colour } from "./_compose.ts";
import type { ImageResult } from "./task.ts";

import type { Buffer } from "node:buffer";

type Sharp = typeof import("sharp");
type Raw = { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };

/** Filters, padding and the format applied to the composed image, written to `path`. */
export async function writeImage(
  sharp: Sharp["default"],
  image: Raw,
  path: string,
  p: Readonly<Record<string, unknown>>,
): Promise<ImageResult> {
  let out = sharp(image.data, { raw: image.info });
  const blur = typeof p.blur === "number" ? p.blur : 0;
  if (blur > 0) out = out.blur(Math.max(0.3, blur)); // sharp's least sigma is 0.3
  if (p.sharpen === true) out = out.sharpen();
  if (p.grayscale === true) out = out.grayscale();
  const padding = typeof p.padding === "number" ? p.padding : 0;
  const background = colour(p.backgroundColor);
  if (padding > 0) {
    out = out.extend({ top: padding, bottom: padding, left: padding, right: padding, background });
  }
  const format = String(p.format ?? p.outputFormat ?? "png");
  const quality = typeof p.quality === "number" ? p.quality : 90;
  if (format === "jpeg") {
    // jpeg has no alpha: what was transparent lies on the background, white if that is clear too.
    out = out.flatten({ background: typeof background === "string" ? background : "#ffffff" })
      .jpeg({ quality });
  } else if (format === "webp") out = out.webp({ quality });
  else out = out.png(); // lossless: png's quality would mean a palette
  const { mkdir } = await import("node:fs/promises");
  const { dirname } = await import("node:path");
  await mkdir(dirname(path), { recursive: true });
  const info = await out.toFile(path);
  return { path, result: path, width: info.width, height: info.height, format, size: info.size };
}
