/**
 * The shop the synthetic orders come from: products, regions, channels, and a
 * seeded pseudo-random generator, shared by the tasks.
 *
 * @module
 */

/** Products: SKU, name, category and list price in cents. */
export const PRODUCTS = [
  ["KB-101", "Mechanical keyboard", "Peripherals", 8900],
  ["KB-102", "Low-profile keyboard", "Peripherals", 6900],
  ["MS-201", "Wireless mouse", "Peripherals", 3900],
  ["MS-202", "Vertical mouse", "Peripherals", 5400],
  ["HS-301", "USB headset", "Audio", 5900],
  ["HS-302", "Noise-cancelling headphones", "Audio", 24900],
  ["SP-311", "Desk speakers", "Audio", 12900],
  ["MC-321", "Podcast microphone", "Audio", 11900],
  ["MN-401", '24" monitor', "Displays", 17900],
  ["MN-402", '27" 4K monitor', "Displays", 39900],
  ["MN-403", '34" ultrawide monitor', "Displays", 64900],
  ["AR-411", "Monitor arm", "Furniture", 9900],
  ["CH-501", "Office chair", "Furniture", 29900],
  ["DK-502", "Standing desk", "Furniture", 54900],
  ["LP-503", "Desk lamp", "Furniture", 4900],
  ["MT-504", "Desk mat", "Accessories", 2400],
  ["CB-601", "USB-C cable, 2 m", "Accessories", 1500],
  ["HB-602", "USB-C hub", "Accessories", 4900],
  ["DC-603", "Docking station", "Accessories", 19900],
  ["WC-701", "1080p webcam", "Video", 7900],
  ["WC-702", "4K webcam", "Video", 17900],
  ["LT-703", "Key light", "Video", 13900],
  ["SD-801", "1 TB portable SSD", "Storage", 10900],
  ["SD-802", "2 TB portable SSD", "Storage", 17900],
  ["NS-803", "2-bay NAS", "Storage", 32900],
];

/** Regions, with the share of orders each gets. */
export const REGIONS = [
  ["North America", 0.34],
  ["Europe", 0.29],
  ["Asia Pacific", 0.2],
  ["Latin America", 0.09],
  ["Middle East", 0.05],
  ["Africa", 0.03],
];

/** Sales channels, with their shares. */
export const CHANNELS = [["online", 0.62], ["retail", 0.28], ["partner", 0.1]];

/** Order-volume weight per month (the holidays sell more). */
export const SEASON = [0.8, 0.75, 0.9, 0.9, 0.95, 0.9, 0.85, 0.95, 1, 1.05, 1.45, 1.7];

/** Discounts in percent, and how often each is given. */
export const DISCOUNTS = [[0, 0.6], [5, 0.18], [10, 0.12], [15, 0.07], [25, 0.03]];

/**
 * mulberry32: a small, fast, seeded generator of numbers in [0, 1); the same
 * seed gives the same orders on every runtime.
 *
 * @param {number} seed
 * @returns {() => number}
 */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A picker over weighted choices `[value, weight][]`: given a number in [0, 1),
 * it returns a value with odds proportional to its weight (binary search over
 * the running totals, so long lists stay fast).
 *
 * @template T
 * @param {readonly (readonly [T, number])[]} choices
 * @returns {(r: number) => T}
 */
export function weighted(choices) {
  const values = choices.map(([value]) => value);
  const bounds = [];
  let total = 0;
  for (const [, weight] of choices) bounds.push(total += weight);
  return (r) => {
    const target = r * total;
    let low = 0;
    let high = bounds.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (bounds[mid] > target) high = mid;
      else low = mid + 1;
    }
    return values[low];
  };
}

/** Yields to the event loop, so cancellation and progress get through a long loop. */
export const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));
