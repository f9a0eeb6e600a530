// Constructs the npm build's browser FileSystemClient in Chromium and reports the error.
import { FileSystemClient } from "@atomiton/storage/fs";

let result: unknown;
try {
  new FileSystemClient({ directory: "/store" });
  result = { constructed: true };
} catch (error) {
  const e = error as { name: string; code: string; message: string };
  result = { name: e.name, code: e.code, message: e.message };
}
(globalThis as { __result?: unknown }).__result = result;
