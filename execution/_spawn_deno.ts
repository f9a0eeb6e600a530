import type { Spawned, SpawnRequest } from "./_spawn.ts";

/** Starts a child with `Deno.Command`. */
export function spawnDeno(request: SpawnRequest): Promise<Spawned> {
  const options: Deno.CommandOptions = {
    args: [...request.args],
    stdin: request.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  };
  if (request.cwd !== undefined) options.cwd = request.cwd;
  if (request.env !== undefined) options.env = { ...request.env };
  const child = new Deno.Command(request.command, options).spawn();
  const writer = request.stdin ? child.stdin.getWriter() : undefined;
  const spawned: Spawned = {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    status: child.status.then((status) => ({
      exitCode: status.signal === null ? status.code : null,
      signal: status.signal,
    })),
    write: (data) => writer!.write(data),
    closeInput: () => writer!.close().catch(() => {}),
    kill: (signal) => child.kill(signal as Deno.Signal),
  };
  return Promise.resolve(spawned);
}
