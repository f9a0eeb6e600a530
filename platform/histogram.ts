import { PlatformError } from "./platform_error.ts";

/** Options for a {@linkcode Histogram}. */
export interface HistogramOptions {
  /**
   * The largest relative error of a reported percentile, between 0 and 1
   * (exclusive). Smaller is more exact and uses more buckets. Default `0.01` (1%).
   */
  readonly relativeAccuracy?: number;
}

/** A histogram's figures at one moment; plain data, ready for JSON. */
export interface HistogramSnapshot {
  /** Values recorded. */
  readonly count: number;
  /** The smallest value, exact; 0 when empty. */
  readonly min: number;
  /** The largest value, exact; 0 when empty. */
  readonly max: number;
  /** The arithmetic mean, exact; 0 when empty. */
  readonly mean: number;
  /** The median, within the relative accuracy. */
  readonly p50: number;
  /** The 90th percentile, within the relative accuracy. */
  readonly p90: number;
  /** The 99th percentile, within the relative accuracy. */
  readonly p99: number;
}

/**
 * A histogram of non-negative values (latencies, sizes) in bounded memory.
 *
 * Values fall into logarithmic buckets (the DDSketch scheme), so recording is
 * constant time and memory grows with the range of values, not their number:
 * about 1,400 buckets at most cover 1 µs to 1 day at 1% accuracy. Count, min,
 * max and mean are exact; percentiles are within the relative accuracy.
 *
 * @example Record latencies and read percentiles
 * ```ts
 * import { Histogram } from "@atomiton/platform/metrics";
 * import assert from "node:assert/strict";
 *
 * const latency = new Histogram();
 * for (let ms = 1; ms <= 100; ms++) latency.record(ms);
 * assert.equal(latency.count, 100);
 * assert.equal(latency.max, 100);
 * assert.ok(Math.abs(latency.p90 - 90) <= 0.9); // within 1%
 * ```
 */
export class Histogram {
  readonly #logGamma: number;
  readonly #buckets = new Map<number, number>();
  // Bucket indexes in order; rebuilt only after a new bucket appears.
  #sorted: number[] | undefined;
  #zeros = 0;
  #count = 0;
  #sum = 0;
  #mean = 0; // kept as it goes too, for when the sum of huge values overflows
  #min = Infinity;
  #max = -Infinity;

  /**
   * Creates an empty histogram.
   *
   * @param options The relative accuracy of percentiles.
   * @throws {PlatformError} `INVALID_OPTION` when the accuracy is not between 0 and 1.
   */
  constructor(options?: HistogramOptions) {
    const accuracy = options?.relativeAccuracy ?? 0.01;
    if (!(accuracy > 0 && accuracy < 1)) {
      throw new PlatformError(
        "INVALID_OPTION",
        `Invalid relativeAccuracy ${accuracy}: expected a number between 0 and 1, exclusive.`,
      );
    }
    this.#logGamma = Math.log((1 + accuracy) / (1 - accuracy));
  }

  /**
   * Records one value.
   *
   * @param value A finite number, 0 or more.
   * @throws {PlatformError} `INVALID_VALUE` for a negative, NaN or infinite value;
   * nothing is recorded then.
   */
  record(value: number): void {
    if (typeof value !== "number" || !(value >= 0 && value < Infinity)) {
      throw new PlatformError(
        "INVALID_VALUE",
        `Cannot record ${value} in a histogram: expected a finite number, 0 or more.`,
      );
    }
    // -0 is recorded as 0: min, max and percentiles never report "-0".
    value += 0;
    this.#count++;
    this.#sum += value;
    this.#mean += (value - this.#mean) / this.#count;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    // Below this, buckets would be too fine to matter; they count as zero.
    if (value < 1e-9) {
      this.#zeros++;
      return;
    }
    const index = Math.ceil(Math.log(value) / this.#logGamma);
    const count = this.#buckets.get(index);
    if (count === undefined) this.#sorted = undefined;
    this.#buckets.set(index, (count ?? 0) + 1);
  }

  /** How many values were recorded. */
  get count(): number {
    return this.#count;
  }

  /** The sum of all values; `Infinity` once it passes `Number.MAX_VALUE`. */
  get sum(): number {
    return this.#sum;
  }

  /** The smallest value recorded; 0 when empty. */
  get min(): number {
    return this.#count === 0 ? 0 : this.#min;
  }

  /** The largest value recorded; 0 when empty. */
  get max(): number {
    return this.#count === 0 ? 0 : this.#max;
  }

  /** The arithmetic mean; 0 when empty; finite even when the sum is not. */
  get mean(): number {
    return this.#count === 0 ? 0 : this.#sum < Infinity ? this.#sum / this.#count : this.#mean;
  }

  /** How many buckets hold values: the histogram's memory grows with this. */
  get bucketCount(): number {
    return this.#buckets.size;
  }

  /** The median. */
  get p50(): number {
    return this.percentile(50);
  }

  /** The 90th percentile. */
  get p90(): number {
    return this.percentile(90);
  }

  /** The 99th percentile. */
  get p99(): number {
    return this.percentile(99);
  }

  /**
   * Estimates a percentile by nearest rank (as HdrHistogram does): the value at
   * position `ceil(p / 100 × count)` of the values in order, within the relative
   * accuracy; exact for the first and last position; 0 when empty. Values below
   * 1e-9 are counted together: a percentile among them is the smallest value.
   *
   * @param p The percentile, from 0 to 100.
   * @returns The estimated value, clamped to the exact min and max.
   * @throws {PlatformError} `INVALID_VALUE` when `p` is outside 0 to 100.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) {
      throw new PlatformError(
        "INVALID_VALUE",
        `Invalid percentile ${p}: expected a number from 0 to 100.`,
      );
    }
    // Nearest rank, as HdrHistogram: the smallest value with at least p% of the values at or below it.
    const rank = Math.ceil((p * this.#count) / 100);
    if (rank <= 1) return this.min;
    if (rank >= this.#count) return this.#max;
    let seen = this.#zeros;
    if (rank <= seen) return this.#min;
    const indexes = this.#sorted ??= [...this.#buckets.keys()].sort((a, b) => a - b);
    let index = indexes[indexes.length - 1]!;
    for (const candidate of indexes) {
      seen += this.#buckets.get(candidate)!;
      if (seen >= rank) {
        index = candidate;
        break;
      }
    }
    const gamma = Math.exp(this.#logGamma);
    const estimate = (2 * Math.pow(gamma, index)) / (gamma + 1);
    return Math.min(this.#max, Math.max(this.#min, estimate));
  }

  /** Forgets every value. */
  reset(): void {
    this.#buckets.clear();
    this.#sorted = undefined;
    this.#zeros = 0;
    this.#count = 0;
    this.#sum = 0;
    this.#mean = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
  }

  /**
   * Returns the current figures as plain data.
   *
   * @returns Count, min, max, mean, p50, p90 and p99.
   */
  snapshot(): HistogramSnapshot {
    return {
      count: this.count,
      min: this.min,
      max: this.max,
      mean: this.mean,
      p50: this.p50,
      p90: this.p90,
      p99: this.p99,
    };
  }
}
