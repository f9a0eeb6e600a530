/**
 * Aggregates one CSV part of the orders: revenue, orders and units by month,
 * region, channel, category, product and customer. Four of these run in
 * parallel, one per part.
 *
 * Input: `{ part: { file, orders } }` (the file relative to the blueprint).
 * Output: the part's totals, which `merge.js` adds up.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { breathe } from "./_catalog.js";

const CHUNK = 10_000;

/** Adds `cents` (and one order, `units` units) to `key` of a table. */
function add(table, key, cents, units) {
  const row = table[key] ??= { revenueCents: 0, orders: 0, units: 0 };
  row.revenueCents += cents;
  row.orders += 1;
  row.units += units;
}

/**
 * @param {{ part: { file: string, orders: number } }} input
 * @param {{ signal: AbortSignal, progress(value: unknown): void, baseUrl: string }} ctx
 */
export default async function aggregate(input, ctx) {
  const { file, orders } = input.part;
  const text = await readFile(fileURLToPath(new URL(file, ctx.baseUrl)), "utf8");
  const lines = text.split("\n");
  const totals = {
    orders: 0,
    units: 0,
    revenueCents: 0,
    discountCents: 0,
    byMonth: {},
    byRegion: {},
    byChannel: {},
    byCategory: {},
    byProduct: {},
    byCustomer: {},
  };
  // Line 0 is the header; the last line is empty.
  for (let start = 1; start < lines.length; start += CHUNK) {
    ctx.signal.throwIfAborted();
    const end = Math.min(lines.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const line = lines[i];
      if (!line) continue;
      const [, date, customer, region, channel, sku, category, quantity, unitCents, discount] = line
        .split(",");
      const units = Number(quantity);
      const gross = units * Number(unitCents);
      const cents = Math.round((gross * (100 - Number(discount))) / 100);
      totals.orders++;
      totals.units += units;
      totals.revenueCents += cents;
      totals.discountCents += gross - cents;
      add(totals.byMonth, date.slice(0, 7), cents, units);
      add(totals.byRegion, region, cents, units);
      add(totals.byChannel, channel, cents, units);
      add(totals.byCategory, category, cents, units);
      add(totals.byProduct, sku, cents, units);
      add(totals.byCustomer, customer, cents, units);
    }
    ctx.progress({
      current: totals.orders,
      total: orders,
      message: `${totals.orders.toLocaleString("en-US")} of ${
        orders.toLocaleString("en-US")
      } orders`,
    });
    await breathe();
  }
  if (totals.orders !== orders) {
    throw Object.assign(new Error(`${file} has ${totals.orders} orders, expected ${orders}`), {
      code: "CORRUPT_PART",
    });
  }
  return totals;
}
