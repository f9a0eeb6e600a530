/**
 * The two loopback servers of the Chromium flow tests: `site` serves the page and its
 * bundle (chunks, and the node library at `nodes/mod.js`); `api`, on another port and so
 * another origin, is what the flow's http-request nodes call. The API answers with CORS
 * headers for the site's origin only (preflights too) and records every request it got.
 *
 * @module
 */
import { join, normalize } from "node:path";

/** One request the API server got. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly origin: string | null;
  readonly contentType: string | null;
  readonly body: string;
  /** The headers a preflight asks to send (`access-control-request-headers`). */
  readonly askedHeaders: string | null;
}

/** What the test sees of the servers. */
export interface FlowServers {
  /** The page's origin, `http://127.0.0.1:<port>`. */
  readonly site: string;
  /** The API's origin, another port. */
  readonly api: string;
  /** Every request the API got, in order. */
  readonly requests: readonly ApiRequest[];
  shutdown(): Promise<void>;
}

/** A path the site serves: names of letters, digits, `-`, `_` and dots, in folders. */
const SAFE = /^\/(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)*\.js$/;

/** Starts both servers: `root` is the folder of the page's bundle. */
export function startFlowServers(root: string): FlowServers {
  const listen = { hostname: "127.0.0.1", port: 0, onListen(): void {} };
  const site = Deno.serve(listen, async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/") {
      return new Response(
        `<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>`,
        { headers: { "content-type": "text/html" } },
      );
    }
    if (!SAFE.test(path)) return new Response("not found", { status: 404 });
    try {
      const body = await Deno.readFile(join(root, normalize(path)));
      return new Response(body, { headers: { "content-type": "text/javascript" } });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return new Response("not found", { status: 404 });
      throw error;
    }
  });
  const origin = `http://127.0.0.1:${site.addr.port}`;
  const requests: ApiRequest[] = [];
  const api = Deno.serve(listen, async (request) => {
    const url = new URL(request.url);
    requests.push({
      method: request.method,
      path: url.pathname,
      origin: request.headers.get("origin"),
      contentType: request.headers.get("content-type"),
      body: await request.text(),
      askedHeaders: request.headers.get("access-control-request-headers"),
    });
    return answer(request.method, url.pathname, requests.at(-1)!, origin);
  });
  return {
    site: origin,
    api: `http://127.0.0.1:${api.addr.port}`,
    requests,
    shutdown: async () => {
      await Promise.all([site.shutdown(), api.shutdown()]);
    },
  };
}

// CORS for the page's origin alone: any other origin gets no allowance, and the browser refuses.
function answer(method: string, path: string, got: ApiRequest, site: string): Response {
  const cors = got.origin === site
    ? {
      "access-control-allow-origin": site,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "content-type, x-flow",
      vary: "origin",
    }
    : {};
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
  const json = (value: unknown): Response =>
    new Response(JSON.stringify(value), {
      headers: { ...cors, "content-type": "application/json" },
    });
  if (method === "GET" && path === "/greeting") return json({ greeting: "hello", who: "browser" });
  if (method === "POST" && path === "/echo") {
    return json({ received: got.body, contentType: got.contentType });
  }
  return new Response("not found", { status: 404, headers: cors });
}
