#!/usr/bin/env node
/**
 * The `atomiton` executable of the npm copy (its `bin`); on Deno run
 * `deno run -A jsr:@atomiton/cli` instead.
 *
 * @module
 */
import type { NodeProcess } from "./_common/io.ts";
import { main } from "./main.ts";

const process = (globalThis as unknown as { process: NodeProcess }).process;
// exitCode, not exit(): let buffered output to a pipe drain first.
process.exitCode = await main(process.argv.slice(2));
