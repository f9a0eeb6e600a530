// The npm copy of @atomiton/cli as a user meets it: a server-only command, so only on Node and Deno.

/**
 * @param {(ok: boolean, message: string) => void} check
 * @param {{ runtime: string }} where
 */
export default async function smoke(check, where) {
  if (where.runtime !== "node" && where.runtime !== "deno") return;
  // A variable specifier: esbuild must not pull the command into a browser bundle.
  const specifier = "@atomiton/cli";
  const { main, ExitCode, CliError } = await import(specifier);
  let out = "";
  let err = "";
  const io = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    isTTY: false,
    columns: 80,
    env: () => undefined,
    cwd: ".",
  };
  check(await main(["--version"], { io }) === ExitCode.OK, "atomiton --version exits 0");
  check(/^\d+\.\d+\.\d+\n$/.test(out), `--version prints a version, got ${JSON.stringify(out)}`);
  const code = await main(["rnu"], { io });
  check(
    code === ExitCode.USAGE && err.includes('did you mean "run"'),
    `a typo is a usage error: ${err}`,
  );
  check(new CliError("USAGE", "x").exitCode === 2, "CliError carries its exit code");
}
