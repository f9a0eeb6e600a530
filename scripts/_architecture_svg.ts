// A few SVG shapes for the architecture diagrams: plain SVG 1.1, no script, no web font.

const FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\"";
const CHAR_WIDTH = 7.4; // about the width of a 13 px sans-serif character

/** A box on the canvas; `x`, `y` is its top-left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Text with `&`, `<`, `>` and quotes escaped for XML. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** The width a label of `text` needs at 13 px, with padding. */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * CHAR_WIDTH) + 24;
}

/** A whole SVG document with an arrowhead marker and a white background (dark themes). */
export function svgDocument(width: number, height: number, body: string[], title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${
      escapeXml(title)
    }">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/** A rounded box with a bold first line and smaller lines under it. */
export function boxShape(box: Box, lines: string[], fill = "#ddf4ff", stroke = "#54aeff"): string {
  const [first = "", ...rest] = lines;
  const centre = box.x + box.width / 2;
  const top = box.y + box.height / 2 - (rest.length * 15) / 2 + 4;
  return [
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8" fill="${fill}" stroke="${stroke}"/>`,
    `<text x="${centre}" y="${top}" text-anchor="middle" ${FONT} font-size="13" font-weight="600" fill="#1f2328">${
      escapeXml(first)
    }</text>`,
    ...rest.map((line, i) =>
      `<text x="${centre}" y="${
        top + 15 * (i + 1)
      }" text-anchor="middle" ${FONT} font-size="11" fill="#57606a">${escapeXml(line)}</text>`
    ),
  ].join("\n");
}

/** Free text, left-aligned at `x`. */
export function textShape(x: number, y: number, text: string, size = 12): string {
  return `<text x="${x}" y="${y}" ${FONT} font-size="${size}" fill="#57606a">${
    escapeXml(text)
  }</text>`;
}

/** An arrow from one point to another, with an optional label at its middle. */
export function arrowShape(
  from: readonly [number, number],
  to: readonly [number, number],
  label = "",
  dashed = false,
): string {
  const line = `<line x1="${from[0]}" y1="${from[1]}" x2="${to[0]}" y2="${
    to[1]
  }" stroke="#57606a" stroke-width="1.3"${
    dashed ? ' stroke-dasharray="5 4"' : ""
  } marker-end="url(#arrow)"/>`;
  if (!label) return line;
  const [x, y] = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
  // A label sits beside a vertical arrow and above a horizontal one.
  const [lx, anchor] = from[1] === to[1] ? [x, "middle"] : [x + 6, "start"];
  return `${line}\n<text x="${lx}" y="${
    y - 4
  }" text-anchor="${anchor}" ${FONT} font-size="11" fill="#57606a">${escapeXml(label)}</text>`;
}

/**
 * The points where an arrow between two boxes leaves and arrives: bottom to top when one box
 * is above the other (unless `sides`), else from the side that faces the other box.
 */
export function connect(from: Box, to: Box, sides = false): [[number, number], [number, number]] {
  if (!sides && from.y + from.height <= to.y) {
    return [[from.x + from.width / 2, from.y + from.height], [to.x + to.width / 2, to.y]];
  }
  if (!sides && to.y + to.height <= from.y) {
    return [[from.x + from.width / 2, from.y], [to.x + to.width / 2, to.y + to.height]];
  }
  const rightward = from.x < to.x;
  return [
    [rightward ? from.x + from.width : from.x, from.y + from.height / 2],
    [rightward ? to.x : to.x + to.width, to.y + to.height / 2],
  ];
}
