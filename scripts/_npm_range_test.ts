import assert from "node:assert/strict";
import { checkRange, inRange } from "./_npm_range.ts";

Deno.test("inRange() holds a version in any caret alternative, from its lower bound up", () => {
  assert.equal(inRange("18.0.0", "^18.0.0 || ^19.0.0"), true);
  assert.equal(inRange("19.3.1", "^18.0.0 || ^19.0.0"), true);
  assert.equal(inRange("17.0.2", "^18.0.0 || ^19.0.0"), false);
  assert.equal(inRange("20.0.0", "^18.0.0 || ^19.0.0"), false);
  assert.equal(inRange("5.0.9", "^5.1.0"), false);
  assert.equal(inRange("5.1.0", "^5.1.0"), true);
  assert.equal(inRange("5.0.1", "^5.0.2"), false);
});

Deno.test("inRange() refuses forms it cannot judge rather than guessing", () => {
  assert.throws(() => inRange("19.x", "^19.0.0"), /not an exact version/);
  assert.throws(() => inRange("19.0.0", ">=19"), /not a caret range/);
});

Deno.test("checkRange() refuses a pin outside the declared range, naming both", () => {
  checkRange("react", "19.3.1", "^18.0.0 || ^19.0.0");
  assert.throws(
    () => checkRange("typescript", "7.0.2", "^5.0.0 || ^6.0.0"),
    /pins typescript@7\.0\.2, outside the range the npm copies declare \(\^5\.0\.0 \|\| \^6\.0\.0\)/,
  );
});
