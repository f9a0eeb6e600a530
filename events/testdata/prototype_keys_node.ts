// The Node.js side of prototype_keys_test.ts: bundled with esbuild, run with node.
import { checkPrototypeKeys } from "./prototype_keys.ts";

// deno-lint-ignore no-console -- the result line the test reads
console.log(`ATOMITON_PROTOTYPE_RESULT ${JSON.stringify(await checkPrototypeKeys())}`);
