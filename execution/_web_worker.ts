import { CRASH, EXIT } from "./_protocol.ts";
import { type PackedError, unpackError } from "./_codec.ts";
import { serve } from "./_serve.ts";
import type { SpawnedWorker, SpawnWorkerOptions } from "./worker.ts";

let source: string | undefined;

/** Starts a module Web Worker from a Blob URL, so no worker file has to be served or bundled. */
export function spawnWebWorker(moduleUrl: string, options: SpawnWorkerOptions): SpawnedWorker {
  source ??= `(${serve})(%URL%, { hooks: true, post: (m, t) => postMessage(m, t || []), ` +
    `listen: (h) => { onmessage = (e) => h(e.data); }, load: (u) => import(u) });`;
  const url = URL.createObjectURL(
    new Blob([source.replace("%URL%", JSON.stringify(moduleUrl))], { type: "text/javascript" }),
  );
  const worker = new Worker(url, { type: "module", name: options.name ?? "atomiton-worker" });
  let ended = false;
  const end = (code: number | undefined, error: unknown): void => {
    if (ended) return;
    ended = true;
    URL.revokeObjectURL(url);
    worker.terminate();
    options.onExit(code, error);
  };
  worker.onmessage = (event: MessageEvent<unknown[]>): void => {
    const message = event.data;
    const kind = message[0];
    if (kind === CRASH) end(undefined, unpackError(message[1] as PackedError));
    else if (kind === EXIT) end(message[1] as number, undefined);
    else if (!ended) options.onMessage(message);
  };
  worker.onerror = (event: ErrorEvent): void => {
    event.preventDefault();
    end(undefined, event.error ?? new Error(event.message));
  };
  worker.onmessageerror = (): void => end(undefined, new Error("A message could not be read."));
  return {
    post: (message, transfer) => worker.postMessage(message, (transfer ?? []) as Transferable[]),
    keepAlive: () => {},
    terminate: () => {
      if (!ended) {
        ended = true;
        URL.revokeObjectURL(url);
        worker.terminate();
      }
      return Promise.resolve();
    },
  };
}
