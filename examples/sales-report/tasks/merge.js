/**
 * Merges the parts' totals into one: adds every table up, then ranks
 * products and customers.
 *
 * Input: one key per aggregation node (the edges' default keys), each a part's
 * totals. Output: the whole year's totals, with `topProducts` and `topCustomers`.
 *
 * @module
 */

const TABLES = ["byMonth", "byRegion", "byChannel", "byCategory", "byProduct", "byCustomer"];

/** Rows of a table, largest revenue first. */
function ranked(table, top) {
  return Object.entries(table)
    .map(([key, row]) => ({ key, ...row }))
    .sort((a, b) => b.revenueCents - a.revenueCents || a.key.localeCompare(b.key))
    .slice(0, top);
}

/**
 * @param {Record<string, any>} input
 * @param {{ progress(value: unknown): void }} ctx
 */
export default function merge(input, ctx) {
  const parts = Object.values(input);
  const merged = { parts: parts.length, orders: 0, units: 0, revenueCents: 0, discountCents: 0 };
  for (const name of TABLES) merged[name] = {};
  parts.forEach((part, index) => {
    for (const field of ["orders", "units", "revenueCents", "discountCents"]) {
      merged[field] += part[field];
    }
    for (const name of TABLES) {
      for (const [key, row] of Object.entries(part[name])) {
        const into = merged[name][key] ??= { revenueCents: 0, orders: 0, units: 0 };
        into.revenueCents += row.revenueCents;
        into.orders += row.orders;
        into.units += row.units;
      }
    }
    ctx.progress({ current: index + 1, total: parts.length, message: `part ${index + 1} merged` });
  });
  const customers = Object.keys(merged.byCustomer).length;
  merged.customers = customers;
  merged.topProducts = ranked(merged.byProduct, 10);
  merged.topCustomers = ranked(merged.byCustomer, 10);
  // The customer table is large and only its ranking is reported.
  delete merged.byCustomer;
  return merged;
}
