// A lease holder's id names its process on server runtimes, `<host>:<pid>:<uuid>`, so that
// an orchestrator on the same host can tell that the holder of a run's lease is dead (a
// SIGKILL, a crash) and take the lease over at once instead of waiting out its ttl.
// No `node:` import: `process` and `node:os` are reached through globals, so pages (which
// have neither) keep random ids, and on Deno nothing loads Node compatibility for a run.

interface DenoLike {
  readonly pid?: number;
  hostname?(): string;
  readonly permissions?: {
    querySync?(descriptor: { name: string; kind?: string }): { state: string };
  };
}

interface ProcessLike {
  readonly pid?: number;
  kill?(pid: number, signal: number): boolean;
  getBuiltinModule?(name: string): unknown;
}

const scope = globalThis as { Deno?: DenoLike; process?: ProcessLike };

/** The `<host>:<pid>:` of a holder id this module makes (the uuid is what it checks). */
const HOLDER = /^(.+):(\d+):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Never prompts: Deno asks on a terminal for a permission not granted.
function denoGranted(deno: DenoLike, name: string, kind?: string): boolean {
  try {
    const descriptor = kind === undefined ? { name } : { name, kind };
    return deno.permissions?.querySync?.(descriptor).state === "granted";
  } catch {
    return false;
  }
}

let self: { readonly host: string; readonly pid: number } | null | undefined;

/** This process's host name and pid, or `undefined` in a page or without the permission. */
export function thisProcess(): { readonly host: string; readonly pid: number } | undefined {
  if (self !== undefined) return self ?? undefined;
  self = null;
  try {
    const deno = scope.Deno;
    if (typeof deno?.pid === "number") {
      if (denoGranted(deno, "sys", "hostname")) self = { host: deno.hostname!(), pid: deno.pid };
    } else if (typeof scope.process?.pid === "number") {
      const os = scope.process.getBuiltinModule?.("node:os") as { hostname?(): string } | undefined;
      const host = os?.hostname?.();
      if (host) self = { host, pid: scope.process.pid };
    }
  } catch {
    // No host name to be had: ids stay random, and no holder is ever judged.
  }
  return self ?? undefined;
}

/** A new orchestrator id: `<host>:<pid>:<uuid>` on a server runtime, a uuid elsewhere. */
export function defaultHolder(): string {
  const local = thisProcess();
  const id = crypto.randomUUID();
  return local ? `${local.host}:${local.pid}:${id}` : id;
}

/**
 * Whether `holder` is an id {@linkcode defaultHolder} made in a process of this
 * host that no longer exists (`kill(pid, 0)` fails with `ESRCH`). Anything else,
 * a holder of another host above all, is never judged: only its expiry frees it.
 */
export function isDeadLocalHolder(holder: string): boolean {
  const match = HOLDER.exec(holder);
  const local = thisProcess();
  if (!match || !local || match[1] !== local.host) return false;
  const pid = Number(match[2]);
  if (pid === local.pid || !Number.isSafeInteger(pid) || pid <= 0) return false;
  if (scope.Deno && !denoGranted(scope.Deno, "run")) return false;
  try {
    scope.process?.kill?.(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists (another user's). Only "no such process" is dead.
    return (error as { code?: unknown }).code === "ESRCH";
  }
}
