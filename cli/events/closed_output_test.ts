import assert from "node:assert/strict";
import { join } from "node:path";
import { readAll, readUntil, RUNTIMES, startCli } from "../testdata/run/runtimes.ts";

const event = (type: string): string =>
  JSON.stringify({ type, source: "runner", timestamp: Date.now(), data: {} }) + "\n";

for (const runtime of RUNTIMES) {
  Deno.test(`atomiton events tail --follow | head on ${runtime} ends when the reader goes, no crash`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "atomiton-tail-closed-" });
    try {
      const log = join(dir, "live.jsonl");
      await Deno.writeTextFile(log, event("first"));
      const cli = await startCli(runtime, ["events", "tail", log, "--follow", "--json"], {
        cwd: dir,
        env: { ATOMITON_HOME: dir },
      });
      const stderr = readAll(cli.stderr);
      // As `head -1`: the reader goes after the first line; the next event meets a closed pipe.
      const { reader } = await readUntil(cli.stdout, /"type":"first"/);
      await reader.cancel();
      await Deno.writeTextFile(log, event("second"), { append: true });
      // Without the fix the command follows the log for ever: this ends a hang as a failure.
      const safety = setTimeout(() => cli.kill("SIGKILL"), 120_000);
      const { code } = await cli.status;
      clearTimeout(safety);
      const err = await stderr;
      assert.equal(code, 0, err);
      assert.doesNotMatch(err, /Unhandled|EPIPE|Broken pipe|^\s+at /m);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
