// The Node.js side of prototype_keys_test.ts: bundled with esbuild, run with node.
import { checkPrototypeKeys } from "./prototype_keys.ts";

console.log(`ATOMITON_PROTOTYPE_RESULT ${JSON.stringify(await checkPrototypeKeys())}`);
