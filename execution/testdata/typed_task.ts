// A TypeScript task module: Deno workers load it as it is.
interface Size {
  readonly width: number;
  readonly height: number;
}

/** The area of a rectangle. */
export default function area(size: Size): number {
  return size.width * size.height;
}
