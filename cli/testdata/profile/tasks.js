// Task modules of the `atomiton profile --blueprint` tests.

/** Doubles its input's `value`. */
export function double({ value }) {
  return { value: value * 2 };
}

/** Always fails, as a broken node would. */
export function fail() {
  throw new Error("the profile fixture fails on purpose");
}
