import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ConductorError } from "../../conductor_error.ts";
import type { TaskContext } from "../_task.ts";
import { spec } from "./spec.ts";
import { image, type ImageResult } from "./task.ts";

const sharp = (await import("sharp")).default;
const context: TaskContext = {
  signal: new AbortController().signal,
  progress(): void {},
  transfer(): void {},
  nodeId: "img",
  baseUrl: "",
};

type Colour = { r: number; g: number; b: number; alpha: number };
const RED: Colour = { r: 255, g: 0, b: 0, alpha: 1 };
const BLUE: Colour = { r: 0, g: 0, b: 255, alpha: 1 };

/** The spec's defaults, then the given parameters: what the flow translation hands the task. */
function withDefaults(given: Record<string, unknown>): Record<string, unknown> {
  const defaults = Object.entries(spec.parameters)
    .filter(([, parameter]) => parameter.default !== undefined)
    .map(([name, parameter]) => [name, parameter.default]);
  return { ...Object.fromEntries(defaults), ...given };
}

async function run(
  parameters: Record<string, unknown>,
  ctx: TaskContext = context,
): Promise<ImageResult> {
  return await image({ parameters: withDefaults(parameters) }, ctx);
}

/** A solid image written by sharp itself. */
async function solid(
  path: string,
  width: number,
  height: number,
  background: Colour,
): Promise<string> {
  await sharp({ create: { width, height, channels: 4, background } }).png().toFile(path);
  return path;
}

/** The RGBA of one pixel of a file. */
async function pixel(path: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 4)];
}

async function withDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton_image_" });
  try {
    await work(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("image() overlays the second image at the position: its pixels are there, the base elsewhere", async () => {
  await withDir(async (dir) => {
    const base = await solid(join(dir, "base.png"), 20, 10, BLUE);
    const mark = await solid(join(dir, "mark.png"), 4, 4, RED);
    const output = join(dir, "out.png");
    const result = await run({ images: [base, mark], output, position: "bottom-right" });
    assert.deepEqual(result, {
      path: output,
      result: output,
      width: 20,
      height: 10,
      format: "png",
      size: (await Deno.stat(output)).size,
    });
    assert.deepEqual(await pixel(output, 19, 9), [255, 0, 0, 255]);
    assert.deepEqual(await pixel(output, 16, 6), [255, 0, 0, 255]);
    assert.deepEqual(await pixel(output, 15, 9), [0, 0, 255, 255]);
    assert.deepEqual(await pixel(output, 0, 0), [0, 0, 255, 255]);
    await run({ images: [base, mark], output, position: "top-left" });
    assert.deepEqual(await pixel(output, 0, 0), [255, 0, 0, 255]);
    assert.deepEqual(await pixel(output, 19, 9), [0, 0, 255, 255]);
  });
});

Deno.test("image() overlays a PNG's transparent pixels as the base and applies opacity", async () => {
  await withDir(async (dir) => {
    const base = await solid(join(dir, "base.png"), 8, 8, BLUE);
    const clear = await solid(join(dir, "clear.png"), 8, 8, { r: 255, g: 0, b: 0, alpha: 0 });
    const red = await solid(join(dir, "red.png"), 8, 8, RED);
    const output = join(dir, "out.png");
    await run({ images: [base, clear], output });
    assert.deepEqual(await pixel(output, 4, 4), [0, 0, 255, 255]);
    await run({ images: [base, red], output, opacity: 0.5, blendMode: "normal" });
    const [r, g, b, a] = await pixel(output, 4, 4);
    assert.ok(
      Math.abs(r! - 128) <= 1 && g === 0 && Math.abs(b! - 127) <= 1 && a === 255,
      `${r},${g},${b},${a}`,
    );
  });
});

Deno.test("image() merges several images and shrinks an overlay larger than the base", async () => {
  await withDir(async (dir) => {
    const base = await solid(join(dir, "base.png"), 10, 10, BLUE);
    const big = await solid(join(dir, "big.png"), 40, 20, RED);
    const output = join(dir, "out.png");
    const result = await run({ operation: "merge", images: [base, big], output });
    assert.deepEqual([result.width, result.height], [10, 10]);
    assert.deepEqual(await pixel(output, 5, 5), [255, 0, 0, 255]); // the 10x5 red band, centred
    assert.deepEqual(await pixel(output, 5, 0), [0, 0, 255, 255]);
  });
});

Deno.test("image() resizes to width and height, stretching when maintainAspectRatio is false", async () => {
  await withDir(async (dir) => {
    const source = await solid(join(dir, "in.png"), 40, 20, RED);
    const output = join(dir, "out.png");
    const sizes: [Record<string, unknown>, [number, number]][] = [
      [{}, [10, 10]],
      [{ fit: "inside" }, [10, 5]],
      [{ fit: "inside", maintainAspectRatio: false }, [10, 10]],
    ];
    for (const [extra, size] of sizes) {
      const sized = await run({
        operation: "composite",
        images: [source],
        output,
        width: 10,
        height: 10,
        ...extra,
      });
      assert.deepEqual([sized.width, sized.height], size, JSON.stringify(extra));
    }
    const only = await run({ operation: "blend", images: [source], output, width: 8 });
    assert.deepEqual([only.width, only.height], [8, 4]);
    const metadata = await sharp(output).metadata();
    assert.deepEqual([metadata.width, metadata.height], [8, 4]);
  });
});

Deno.test("image() greys the whole result, overlays included: R = G = B", async () => {
  await withDir(async (dir) => {
    const base = await solid(join(dir, "base.png"), 8, 8, BLUE);
    const mark = await solid(join(dir, "mark.png"), 4, 4, RED);
    const output = join(dir, "out.png");
    await run({ images: [base, mark], output, grayscale: true });
    for (const [x, y] of [[0, 0], [4, 4]] as const) {
      const [r, g, b] = await pixel(output, x, y);
      assert.ok(r === g && g === b, `pixel ${x},${y} is ${r},${g},${b}`);
    }
    assert.notDeepEqual(await pixel(output, 0, 0), await pixel(output, 4, 4));
  });
});

Deno.test("image() blurs and sharpens: a hard edge softens under blur", async () => {
  await withDir(async (dir) => {
    const base = await solid(join(dir, "base.png"), 20, 20, BLUE);
    const half = await solid(join(dir, "half.png"), 10, 20, RED);
    const output = join(dir, "out.png");
    await run({ images: [base, half], output, position: "left" });
    assert.deepEqual(await pixel(output, 10, 10), [0, 0, 255, 255]);
    await run({ images: [base, half], output, position: "left", blur: 3 });
    const [r] = await pixel(output, 10, 10);
    assert.ok(r! > 0 && r! < 255, `the edge is mixed, red ${r}`);
    await run({ images: [base, half], output, position: "left", blur: 0.1, sharpen: true });
    assert.equal((await sharp(output).metadata()).width, 20);
  });
});

Deno.test("image() writes the format asked for (magic bytes), jpeg flattened, with padding", async () => {
  await withDir(async (dir) => {
    const source = await solid(join(dir, "in.png"), 16, 16, { r: 0, g: 255, b: 0, alpha: 0.5 });
    const magic: Record<string, number[]> = {
      png: [0x89, 0x50, 0x4e, 0x47],
      jpeg: [0xff, 0xd8, 0xff],
      webp: [0x52, 0x49, 0x46, 0x46],
    };
    for (const [format, bytes] of Object.entries(magic)) {
      const output = join(dir, `out.${format}`);
      const result = await run({
        operation: "composite",
        images: [source],
        output,
        format,
        quality: 50,
      });
      const head = [...(await Deno.readFile(output)).subarray(0, bytes.length)];
      assert.deepEqual(head, bytes, format);
      assert.equal(result.format, format);
      assert.equal((await sharp(output).metadata()).format, format);
    }
    const low = await run({
      operation: "composite",
      images: [source],
      output: join(dir, "l.jpeg"),
      format: "jpeg",
      quality: 5,
      width: 64,
    });
    const high = await run({
      operation: "composite",
      images: [source],
      output: join(dir, "h.jpeg"),
      format: "jpeg",
      quality: 100,
      width: 64,
    });
    assert.ok(
      low.size < high.size,
      `quality 5 (${low.size} B) is smaller than 100 (${high.size} B)`,
    );
    const byName = await run({
      operation: "composite",
      images: [source],
      output: join(dir, "o.webp"),
      outputFormat: "webp",
    });
    assert.equal(byName.format, "webp");
    const padded = await run({
      operation: "composite",
      images: [source],
      output: join(dir, "p.png"),
      padding: 2,
      backgroundColor: "#000000",
    });
    assert.deepEqual([padded.width, padded.height], [20, 20]);
    assert.deepEqual(await pixel(padded.path, 0, 0), [0, 0, 0, 255]);
  });
});

Deno.test("image() resolves relative paths against the flow file's folder and creates the output's folder", async () => {
  await withDir(async (dir) => {
    await solid(join(dir, "in.png"), 4, 4, RED);
    const ctx = { ...context, baseUrl: pathToFileURL(join(dir, "flow.flow.yaml")).href };
    const result = await run(
      { operation: "composite", images: ["in.png"], output: "out/made.png" },
      ctx,
    );
    assert.equal(result.path, join(dir, "out", "made.png"));
    assert.deepEqual(await pixel(result.path, 1, 1), [255, 0, 0, 255]);
  });
});

Deno.test("image() fails with a clear error for a missing file, too few images, or no image at all", async () => {
  await withDir(async (dir) => {
    const output = join(dir, "out.png");
    const missing = join(dir, "nope.png");
    const refuse = async (parameters: Record<string, unknown>, code: string, message: RegExp) => {
      await assert.rejects(run(parameters), (error) => {
        assert.ok(error instanceof ConductorError, String(error));
        assert.equal(error.code, code);
        assert.match(error.message, message);
        return true;
      });
    };
    await refuse(
      { operation: "composite", images: [missing], output },
      "IMAGE_NOT_FOUND",
      /input image not found: .*nope\.png/,
    );
    const one = await solid(join(dir, "one.png"), 4, 4, RED);
    await refuse({ images: [one], output }, "IMAGE_PARAMETERS", /two or more \(got 1\)/);
    await refuse(
      { images: ["https://example.com/a.png"], output },
      "IMAGE_INPUT",
      /fetch it first/,
    );
    const text = join(dir, "text.png");
    await Deno.writeTextFile(text, "not an image");
    await refuse(
      { operation: "composite", images: [text], output },
      "IMAGE_PROCESSING",
      /reading .*text\.png failed/,
    );
  });
});

Deno.test("image spec: check() passes where sharp loads", async () => {
  assert.equal(await spec.check?.({}), undefined);
});
