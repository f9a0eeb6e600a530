// Leaves a long notification pending and never disposes: the process must still exit.
import { createUIStore } from "../ui_store.ts";

const ui = createUIStore();
ui.getState().notify({ message: "unread", timeout: 600_000 });
// deno-lint-ignore no-console -- the test reads what the process prints
console.log(`pending ${ui.getState().notifications.length}`);
