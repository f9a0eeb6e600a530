/**
 * The loopback http server of the Chromium resume test: it serves the page's
 * bundle and the blueprint's files, counts each node's runs (`POST /hit/<node>`,
 * sent by step.js as it starts) and holds every `GET /gate/<node>` until the
 * test opens the gate, so the test reloads the page while nodes are running
 * without depending on timing. Every wait is on a request that arrived.
 *
 * @module
 */
import { join } from "node:path";

/** What the test sees of the server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Each node's runs so far (the `hit`s step.js sent as it started). */
  readonly hits: ReadonlyMap<string, number>;
  /** Resolves once `node` has come to the gate `count` times in all. */
  reachedGate(node: string, count: number): Promise<void>;
  /** Lets every waiting and later gate request through. */
  openGate(): void;
  /** Opens the gate and stops serving. */
  shutdown(): Promise<void>;
}

/** A file name the server may serve from a folder: no path, no dots in front. */
const FILE = /^\/([\w-]+(?:\.[\w-]+)*\.(?:js|json))$/;

/**
 * Serves `site` (the page's bundle and chunks) and `files` (the blueprint and its
 * task modules) on a free loopback port.
 */
export function startTestServer(site: string, files: string): TestServer {
  const hits = new Map<string, number>();
  const gate = newGate();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen(): void {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/") return html();
      const node = /^\/(hit|gate)\/([^/]+)$/.exec(path);
      if (node?.[1] === "hit" && request.method === "POST") {
        const id = decodeURIComponent(node[2]!);
        hits.set(id, (hits.get(id) ?? 0) + 1);
        return new Response("counted");
      }
      if (node?.[1] === "gate") return await gate.pass(decodeURIComponent(node[2]!));
      const name = FILE.exec(path)?.[1];
      return name === undefined ? notFound() : await serveFile(name, [site, files]);
    },
  );
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    hits,
    reachedGate: gate.reached,
    openGate: gate.open,
    shutdown: async () => {
      gate.open();
      await server.shutdown();
    },
  };
}

interface Gate {
  pass(node: string): Promise<Response>;
  reached(node: string, count: number): Promise<void>;
  open(): void;
}

function newGate(): Gate {
  const arrivals = new Map<string, number>();
  const watchers = new Set<{ node: string; count: number; resolve: () => void }>();
  const opened = Promise.withResolvers<void>();
  const notify = (): void => {
    for (const watcher of watchers) {
      if ((arrivals.get(watcher.node) ?? 0) < watcher.count) continue;
      watchers.delete(watcher);
      watcher.resolve();
    }
  };
  return {
    // A request the reload cut off waits too: once the gate opens, its answer goes nowhere.
    async pass(node): Promise<Response> {
      arrivals.set(node, (arrivals.get(node) ?? 0) + 1);
      notify();
      await opened.promise;
      return new Response("open");
    },
    reached(node, count): Promise<void> {
      const { promise, resolve } = Promise.withResolvers<void>();
      watchers.add({ node, count, resolve });
      notify();
      return promise;
    },
    open: () => opened.resolve(),
  };
}

function html(): Response {
  return new Response(
    `<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>`,
    { headers: { "content-type": "text/html" } },
  );
}

function notFound(): Response {
  return new Response("not found", { status: 404 });
}

async function serveFile(name: string, folders: readonly string[]): Promise<Response> {
  const type = name.endsWith(".json") ? "application/json" : "text/javascript";
  for (const folder of folders) {
    try {
      return new Response(await Deno.readFile(join(folder, name)), {
        headers: { "content-type": type },
      });
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return notFound();
}
