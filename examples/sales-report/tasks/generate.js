/**
 * Generates seeded synthetic orders and writes them as CSV parts, one per
 * aggregation shard: the blueprint's data source, with no network.
 *
 * Input: `{ seed, orders, parts, year, customers, outDir }` (outDir is relative
 * to the blueprint file). Output: `{ part1: { file, orders }, part2: ..., total }`,
 * so each edge can carry one part (`"sourceHandle": "part1"`).
 *
 * @module
 */
import { mkdir, open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  breathe,
  CHANNELS,
  DISCOUNTS,
  PRODUCTS,
  random,
  REGIONS,
  SEASON,
  weighted,
} from "./_catalog.js";

const HEADER = "order_id,date,customer,region,channel,sku,category,quantity,unit_cents,discount\n";
const CHUNK = 5_000;

/**
 * @param {{ seed?: number, orders?: number, parts?: number, year?: number, customers?: number, outDir?: string }} input
 * @param {{ signal: AbortSignal, progress(value: unknown): void, baseUrl: string }} ctx
 */
export default async function generate(input, ctx) {
  const { seed = 1, orders = 100_000, parts = 4, year = 2024, customers = 25_000 } = input;
  const outDir = new URL(`${input.outDir ?? "out"}/`, ctx.baseUrl);
  await mkdir(fileURLToPath(outDir), { recursive: true });
  const next = random(seed);
  // Days of the year weighted by season, so November and December sell more.
  const days = [];
  for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year;) {
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6 ? 1.2 : 1;
    days.push([day.toISOString().slice(0, 10), SEASON[day.getUTCMonth()] * weekend]);
    day = new Date(day.getTime() + 86_400_000);
  }
  const [day, region, channel, discount] = [days, REGIONS, CHANNELS, DISCOUNTS].map(weighted);
  // A few customers buy a lot: a skewed pick (r^3) over the customer ids.
  const customer = () => `C${String(1 + Math.floor(next() ** 3 * customers)).padStart(5, "0")}`;
  const output = { total: orders };
  const perPart = Math.ceil(orders / parts);
  let written = 0;
  for (let part = 1; part <= parts; part++) {
    const count = Math.min(perPart, orders - written);
    const file = `${input.outDir ?? "out"}/orders-${part}.csv`;
    const handle = await open(fileURLToPath(new URL(`orders-${part}.csv`, outDir)), "w");
    try {
      await handle.write(HEADER);
      for (let start = 0; start < count; start += CHUNK) {
        ctx.signal.throwIfAborted();
        let text = "";
        for (let i = start; i < Math.min(count, start + CHUNK); i++) {
          const [sku, , category, listCents] = PRODUCTS[Math.floor(next() * PRODUCTS.length)];
          const quantity = 1 + Math.floor(next() ** 2 * 5);
          // Prices drift a little around the list price.
          const unitCents = Math.round(listCents * (0.95 + next() * 0.1));
          text += `O${String(written + i + 1).padStart(7, "0")},${day(next())},${customer()},` +
            `${region(next())},${channel(next())},${sku},${category},${quantity},` +
            `${unitCents},${discount(next())}\n`;
        }
        await handle.write(text);
        const done = written + Math.min(count, start + CHUNK);
        ctx.progress({
          current: done,
          total: orders,
          message: `${done.toLocaleString("en-US")} orders`,
        });
        await breathe();
      }
    } finally {
      await handle.close();
    }
    written += count;
    output[`part${part}`] = { file, orders: count };
  }
  return output;
}
