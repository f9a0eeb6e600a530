// A child process for the multi-process test: set, delete and clear long (nested) and
// short keys in one store, in a seeded random order, alongside other processes doing
// the same. Prints "done <operations>" and exits 0, or prints the error and exits 1.
// Usage: fs_hammer.ts <directory> <deno|node> <seed> <operations>
import { FileSystemClient as DenoClient } from "../fs_deno.ts";
import { FileSystemClient as NodeClient } from "../fs_node.ts";

const [directory, which, seed, operations] = Deno.args;
const Client = which === "node" ? NodeClient : DenoClient;
const storage = new Client({ directory: directory! });
let state = Number(seed) >>> 0;
const next = (n: number): number => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return (state >>> 8) % n;
};
// Few keys sharing deep folders, so processes keep pruning what others are writing into.
const key = (): string => `${"p".repeat(200 * (1 + next(3)))}/${next(4)}`;
try {
  for (let i = 0; i < Number(operations); i++) {
    const roll = next(10);
    if (roll < 5) await storage.set(key(), { i }, next(2) ? { ttl: 60_000 } : undefined);
    else if (roll < 8) await storage.delete(key());
    else if (roll < 9) await storage.clear("p".repeat(200 * (1 + next(3))));
    else await storage.keys("p");
    await storage.get(key());
  }
  await storage.close();
  // deno-lint-ignore no-console -- the parent reads this line
  console.log(`done ${operations}`);
} catch (error) {
  // deno-lint-ignore no-console -- the parent shows why
  console.log(`failed ${error instanceof Error ? error.stack : error}`);
  Deno.exit(1);
}
