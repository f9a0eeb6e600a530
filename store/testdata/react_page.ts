// Renders components that use the hooks in Chromium and reports what they showed and how often
// they rendered as the stores changed.
import "./react_env.ts";
// @ts-types="@types/react"
import { act, createElement, Fragment, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { createBlueprintStore, createSessionStore, selectFilteredBlueprints } from "../mod.ts";
import { createStoreHook, shallow, useStore } from "../react.ts";

// Deno's types have no DOM: the few calls used here, typed by hand.
interface Element {
  appendChild(child: Element): Element;
  textContent: string | null;
}
declare const document: { body: Element; createElement(tag: string): Element };

export async function run(): Promise<[string, number, number][]> {
  const session = createSessionStore();
  const blueprints = createBlueprintStore();
  const useSession = createStoreHook(session);
  const renders = { zoom: 0, names: 0 };
  function Zoom(): ReactNode {
    renders.zoom++;
    return createElement("b", null, `zoom ${useSession((s) => s.zoom)};`);
  }
  function Names(): ReactNode {
    renders.names++;
    const names = useStore(
      blueprints,
      (s) => selectFilteredBlueprints(s).map((b) => b.name),
      shallow,
    );
    return createElement("i", null, `names ${names.join(",")}`);
  }
  const root = createRoot(document.body.appendChild(document.createElement("div")));
  const steps: [string, number, number][] = [];
  const step = async (change: () => void): Promise<void> => {
    await act(change);
    steps.push([document.body.textContent ?? "", renders.zoom, renders.names]);
  };
  await step(() =>
    root.render(createElement(Fragment, null, createElement(Zoom), createElement(Names)))
  );
  await step(() => session.getState().setZoom(2));
  await step(() => session.getState().setMode("debug")); // not selected: no render
  const { id } = blueprints.getState().add({ name: "Backup" });
  await step(() => {});
  await step(() => blueprints.getState().select(id)); // a new, shallowly equal list: no render
  await step(() => blueprints.getState().add({ name: "Chat" }));
  await step(() => root.unmount());
  await step(() => session.getState().setZoom(3)); // unmounted: unsubscribed
  return steps;
}

if ("document" in globalThis) {
  run().then(
    (result) => (globalThis as { __result?: unknown }).__result = result,
    (error) => (globalThis as { __error?: string }).__error = String(error?.stack ?? error),
  );
}
