// A child process for the crash tests: writes to a store in a loop until it is
// killed. Every value carries what it must look like, so a reader can tell a
// complete value from a torn one. Usage: fs_writer.ts <directory> <runtime ops: deno|node>
import { FileSystemClient as DenoClient } from "../fs_deno.ts";
import { FileSystemClient as NodeClient } from "../fs_node.ts";

const [directory, which] = Deno.args;
const Client = which === "node" ? NodeClient : DenoClient;
const storage = new Client({ directory: directory! });
let n = 0;
for (;;) {
  const key = `k${n % 8}/${"é".repeat(n % 3)}`;
  const size = 1000 + (n * 7919) % 200_000;
  if (n % 2 === 0) {
    await storage.set(key, { n, size, fill: String.fromCharCode(97 + (n % 26)).repeat(size) });
  } else {
    const bytes = new Uint8Array(size).fill(n % 251);
    new DataView(bytes.buffer).setUint32(0, size);
    await storage.set(key, bytes);
  }
  // deno-lint-ignore no-console -- the parent waits for this line
  if (++n === 16) console.log("ready");
}
