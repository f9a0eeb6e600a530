import assert from "node:assert/strict";
// @ts-types="@types/react"
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { createBlueprintStore, createSessionStore } from "./mod.ts";
import { createStoreHook, shallow, useStore } from "./react.ts";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { runInChromium } from "../scripts/testing/chromium.ts";

Deno.test({
  name: "useStore() re-renders a component when its selection changes, and only then (Chromium)",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    const steps = await runInChromium({ entries: { page: "store/testdata/react_page.ts" } });
    assert.deepEqual(steps, [
      ["zoom 1;names ", 1, 1],
      ["zoom 2;names ", 2, 1],
      ["zoom 2;names ", 2, 1],
      ["zoom 2;names Backup", 2, 2],
      ["zoom 2;names Backup", 2, 2],
      ["zoom 2;names Backup,Chat", 2, 3],
      ["", 2, 3],
      ["", 2, 3],
    ]);
  },
});

Deno.test("useStore() renders the selected state on the server", () => {
  const session = createSessionStore();
  session.getState().setZoom(1.5);
  function Zoom(): ReactNode {
    return createElement("p", null, useStore(session, (s) => s.zoom));
  }
  function Everything(): ReactNode {
    return createElement("p", null, useStore(session).mode);
  }
  assert.equal(renderToString(createElement(Zoom)), "<p>1.5</p>");
  assert.equal(renderToString(createElement(Everything)), "<p>edit</p>");
});

Deno.test("createStoreHook() binds useStore to one store", () => {
  const store = createBlueprintStore();
  store.getState().add({ name: "A", tags: ["x", "y"] });
  const useBlueprints = createStoreHook(store);
  function Count(): ReactNode {
    return createElement("p", null, useBlueprints((s) => s.blueprints.size));
  }
  assert.equal(renderToString(createElement(Count)), "<p>1</p>");
});

Deno.test("shallow() compares arrays, objects, Maps and Sets one level deep", () => {
  const o = { deep: 1 };
  const cases: [unknown, unknown, boolean][] = [
    [1, 1, true],
    [NaN, NaN, true],
    ["a", "b", false],
    [null, {}, false],
    [{}, null, false],
    [1, {}, false],
    [[1, o], [1, o], true],
    [[1, o], [1, { deep: 1 }], false],
    [[1], [1, 2], false],
    [{ a: 1, b: o }, { b: o, a: 1 }, true],
    [{ a: 1 }, { b: 1 }, false],
    [{ a: undefined }, { b: undefined }, false],
    [[1], { 0: 1 }, false],
    [new Map([["k", o]]), new Map([["k", o]]), true],
    [new Map([["k", 1]]), new Map([["j", 1]]), false],
    [new Set([1, o]), new Set([o, 1]), true],
    [new Set([1]), new Set([2]), false],
    [new Set([1]), new Set([1, 2]), false],
    [new Map(), new Set(), false],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(shallow(a, b), want, `shallow(${Deno.inspect(a)}, ${Deno.inspect(b)})`);
  }
});
