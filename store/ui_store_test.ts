import assert from "node:assert/strict";
import { createUIStore, DEFAULT_PREFERENCES, type UIStore } from "./ui_store.ts";
import { StoreError } from "./store_error.ts";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { bundleEntry } from "../scripts/testing/bundle.ts";

/**
 * Resolves when `predicate` holds for the store's state (checked at once and on each change).
 * A timer keeps the event loop alive meanwhile: the store's own timers do not.
 */
async function until(store: UIStore, predicate: (store: UIStore) => boolean): Promise<void> {
  const alive = setInterval(() => {}, 1000);
  try {
    await new Promise<void>((resolve) => {
      if (predicate(store)) return resolve();
      const off = store.subscribe(() => predicate(store) && (off(), resolve()));
    });
  } finally {
    clearInterval(alive);
  }
}

async function run(command: string, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(command, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "inherit",
    // A safety net only: a process kept alive by the timer would run for 10 minutes.
    signal: AbortSignal.timeout(60_000),
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout } = await child.output();
  assert.equal(code, 0, `${command} exited with ${code}`);
  return new TextDecoder().decode(stdout).trim();
}

const script = new URL("./testdata/idle_notification.ts", import.meta.url);

Deno.test("createUIStore() notification timers do not keep a Deno process alive", async () => {
  assert.equal(await run(Deno.execPath(), ["run", "-q", script.pathname]), "pending 1");
});

Deno.test("createUIStore() notification timers do not keep a Node process alive", async () => {
  const code = await bundleEntry(script.pathname, { platform: "node", external: false });
  assert.equal(await run("node", ["--input-type=module", "-"], code), "pending 1");
});

Deno.test("createUIStore() starts from the default preferences, with given ones over them", () => {
  using ui = createUIStore({ preferences: { theme: "dark", grid: { size: 10 } } });
  const p = ui.getState().preferences;
  assert.deepEqual(p, { ...DEFAULT_PREFERENCES, theme: "dark", grid: { visible: true, size: 10 } });
  assert.throws(() => createUIStore({ preferences: { theme: "pink" as "dark" } }), StoreError);
  assert.throws(() => createUIStore({ notificationTimeout: -1 }), /notificationTimeout/);
});

Deno.test("createUIStore() setPreferences() merges nested fields and refuses bad values whole", () => {
  using ui = createUIStore();
  const { setPreferences, resetPreferences } = ui.getState();
  const p = setPreferences({ font: { size: 18 }, snap: false, colorScheme: "green" });
  assert.deepEqual(p.font, { family: "system-ui", size: 18 });
  assert.equal(p.snap, false);
  assert.equal(ui.getState().preferences, p);
  for (
    const [patch, message] of [
      [{ theme: "neon" }, 'theme must be light or dark or system, got "neon"'],
      [{ layout: "grid" }, /layout must be default or compact or focus/],
      [{ font: { size: 200 } }, "font.size must be a number from 6 to 72, got 200"],
      [{ sidebar: { width: -1 } }, /sidebar.width must be a number from 0/],
      [{ grid: { size: 0 } }, /grid.size must be a number from 1/],
      [{ autosave: { interval: 10 } }, /autosave.interval must be a number from 1000/],
    ] as const
  ) {
    assert.throws(
      () => setPreferences(patch as never),
      (e) =>
        e instanceof StoreError && e.code === "INVALID_OPTION" &&
        (typeof message === "string" ? e.message === message : message.test(e.message)),
    );
  }
  assert.equal(ui.getState().preferences, p, "a refused patch changes nothing");
  resetPreferences();
  assert.deepEqual(ui.getState().preferences, DEFAULT_PREFERENCES);
});

Deno.test("createUIStore() modals stack; closeModal() closes the top one or the one named", () => {
  using ui = createUIStore();
  const { openModal, closeModal } = ui.getState();
  openModal("settings");
  openModal("confirm", { text: "Delete?" });
  openModal("help");
  openModal("settings");
  assert.deepEqual(ui.getState().modals.map((m) => m.id), ["confirm", "help", "settings"]);
  assert.deepEqual(ui.getState().modals[0]!.props, { text: "Delete?" });
  assert.equal(closeModal(), true);
  assert.equal(closeModal("confirm"), true);
  assert.equal(closeModal("confirm"), false);
  assert.deepEqual(ui.getState().modals.map((m) => m.id), ["help"]);
  closeModal();
  assert.equal(closeModal(), false);
});

Deno.test("createUIStore() notifications expire on their own", async () => {
  using ui = createUIStore();
  const { notify } = ui.getState();
  const short = notify({ message: "Saved", type: "success", timeout: 5 });
  const sticky = notify({ message: "Read me", timeout: 0 });
  const forever = notify({ message: "Also stays", timeout: Infinity });
  assert.deepEqual(ui.getState().notifications.map((n) => n.id), [short, sticky, forever]);
  assert.deepEqual(ui.getState().notifications[0], {
    id: short,
    message: "Saved",
    type: "success",
    timeout: 5,
  });
  await until(ui, (s) => s.getState().notifications.length === 2);
  assert.deepEqual(ui.getState().notifications.map((n) => n.id), [sticky, forever]);
});

Deno.test("createUIStore() notify() uses the default timeout and refuses bad types and timeouts", () => {
  using ui = createUIStore({ notificationTimeout: 60_000 });
  const id = ui.getState().notify({ message: "Hi" });
  assert.deepEqual(ui.getState().notifications[0], {
    id,
    message: "Hi",
    type: "info",
    timeout: 60_000,
  });
  assert.throws(() => ui.getState().notify({ message: "x", type: "loud" as "info" }), StoreError);
  assert.throws(() => ui.getState().notify({ message: "x", timeout: -5 }), /timeout must be/);
  assert.equal(ui.getState().notifications.length, 1);
});

Deno.test("createUIStore() dismiss() removes a notification and its timer", () => {
  const ui = createUIStore();
  const id = ui.getState().notify({ message: "bye", timeout: 60_000 });
  assert.equal(ui.getState().dismiss(id), true);
  assert.equal(ui.getState().dismiss(id), false);
  assert.deepEqual(ui.getState().notifications, []);
  // No dispose here: the test's sanitizer fails if dismiss() left the timer running.
});

Deno.test("createUIStore() dispose() stops every timer and keeps the notifications", () => {
  const ui = createUIStore();
  ui.getState().notify({ message: "a", timeout: 60_000 });
  ui.getState().notify({ message: "b", timeout: 60_000 });
  ui.dispose();
  assert.equal(ui.getState().notifications.length, 2);
});

Deno.test("createUIStore() panels open, close, resize and toggle", () => {
  using ui = createUIStore();
  const { setPanel, togglePanel } = ui.getState();
  assert.equal(togglePanel("inspector"), true);
  setPanel("inspector", { size: 320 });
  setPanel("console", { size: 200 });
  assert.deepEqual({ ...ui.getState().panels }, {
    inspector: { open: true, size: 320 },
    console: { open: false, size: 200 },
  });
  assert.equal(togglePanel("inspector"), false);
  assert.deepEqual(ui.getState().panels.inspector, { open: false, size: 320 });
});

Deno.test("createUIStore() startLoading() counts loaders; each ends once", () => {
  using ui = createUIStore();
  const { startLoading } = ui.getState();
  const a = startLoading("Saving");
  const b = startLoading("Saving");
  const c = startLoading();
  assert.deepEqual(ui.getState().loading, ["Saving", "Saving", ""]);
  a();
  a();
  assert.deepEqual(ui.getState().loading, ["Saving", ""]);
  c();
  b();
  assert.deepEqual(ui.getState().loading, []);
});

Deno.test("createUIStore() panels take any id as a plain key, Object.prototype's names included", () => {
  using ui = createUIStore();
  const { setPanel, togglePanel } = ui.getState();
  for (const id of PROTOTYPE_KEYS) assert.equal(ui.getState().panels[id], undefined, id);
  for (const id of PROTOTYPE_KEYS) assert.equal(togglePanel(id), true, id);
  setPanel("__proto__", { size: 5 });
  const { panels } = ui.getState();
  assert.deepEqual(Object.keys(panels).sort(), [...PROTOTYPE_KEYS].sort());
  assert.deepEqual(panels["__proto__"], { open: true, size: 5 });
  assert.equal(Object.getPrototypeOf(panels), null);
  assertPrototypeClean();
});

Deno.test("createUIStore() setPreferences() refuses a preference that does not exist", () => {
  using ui = createUIStore();
  const before = ui.getState().preferences;
  for (const key of [...PROTOTYPE_KEYS, "fontSize"]) {
    const patch = JSON.parse(`{${JSON.stringify(key)}:{"polluted":true}}`);
    assert.throws(
      () => ui.getState().setPreferences(patch),
      (e) =>
        e instanceof StoreError && e.code === "INVALID_OPTION" &&
        e.message.startsWith(`preference must be theme or colorScheme or `) &&
        e.message.endsWith(`, got ${JSON.stringify(key)}`),
    );
    assert.throws(() => createUIStore({ preferences: patch }), /preference must be/);
  }
  assert.equal(ui.getState().preferences, before);
  assert.equal(Object.getPrototypeOf(before), Object.prototype);
  assertPrototypeClean();
});
