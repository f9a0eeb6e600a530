import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { MemoryClient } from "@atomiton/storage";
import { assertPrototypeClean, HOSTILE_NUMBERS } from "../../../scripts/testing/hostile.ts";
import { runBlueprint } from "../../run_blueprint.ts";
import { workerPoolExecutor } from "../../worker_pool_executor.ts";
import { spec } from "./spec.ts";
import { httpRequest } from "./task.ts";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A real HTTP server on a free loopback port; `handle` answers each request. */
async function serve(handle: Handler): Promise<AsyncDisposable & { url: string }> {
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => body += chunk);
    request.on("end", () => handle(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers with what it got: method, url, headers, body. */
const echo: Handler = (request, body, response) => {
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("x-custom", "yes");
  response.end(
    JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body }),
  );
};

// A ConductorError with this code and a message that says this.
const refused = (promise: Promise<unknown>, code: string, message: RegExp): Promise<void> =>
  assert.rejects(promise, { name: "ConductorError", code, message });

Deno.test("httpRequest() sends GET, POST, PUT and DELETE with headers and bodies", async () => {
  await using server = await serve(echo);
  const get = await httpRequest({
    parameters: {
      url: `${server.url}/items?q=1`,
      headers: { "X-Token": "t", Accept: "application/json" },
    },
  });
  assert.equal(get.status, 200);
  assert.equal(get.ok, true);
  assert.equal(get.statusText, "OK");
  assert.equal(get.headers["x-custom"], "yes");
  const seen = get.body as {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
  };
  assert.deepEqual([seen.method, seen.url, seen.headers["x-token"], seen.body], [
    "GET",
    "/items?q=1",
    "t",
    "",
  ]);

  const object = { a: [1, 2], __proto__: null };
  for (
    const [method, body, type] of [
      ["POST", '{"json":true}', "application/json"],
      ["PUT", "plain words", "text/plain;charset=UTF-8"],
      ["DELETE", "[1,2]", "application/json"],
    ] as const
  ) {
    const output = await httpRequest({ parameters: { method, url: server.url, body } });
    const echoed = output.body as { method: string; headers: Record<string, string>; body: string };
    assert.deepEqual([echoed.method, echoed.headers["content-type"], echoed.body], [
      method,
      type,
      body,
    ]);
  }
  const fromPort = await httpRequest({
    parameters: { method: "POST", url: "http://unused.invalid/" },
    url: server.url,
    body: object,
  });
  const echoed = fromPort.body as { headers: Record<string, string>; body: string };
  assert.deepEqual([echoed.headers["content-type"], echoed.body], [
    "application/json",
    '{"a":[1,2]}',
  ]);
  const typed = await httpRequest({
    parameters: {
      method: "POST",
      url: server.url,
      body: "{}",
      headers: '{"Content-Type": "application/vnd.x+json"}',
    },
  });
  assert.equal(
    (typed.body as { headers: Record<string, string> }).headers["content-type"],
    "application/vnd.x+json",
  );
});

Deno.test("httpRequest() parses JSON bodies, keeps text, base64s binary, keeps bad JSON as text", async () => {
  await using server = await serve((request, _body, response) => {
    const answers: Record<string, [string | undefined, string | Uint8Array]> = {
      "/json": ["application/problem+json", '{"n":1}'],
      "/text": ["text/plain", "hello"],
      "/bad-json": ["application/json", "{not json"],
      "/empty-json": ["application/json", ""],
      "/binary": ["image/png", new Uint8Array([0, 1, 254, 255])],
      "/untyped": [undefined, "plain"],
    };
    const [type, body] = answers[request.url ?? ""]!;
    if (type !== undefined) response.setHeader("content-type", type);
    else response.removeHeader("content-type");
    response.end(body);
  });
  const body = async (path: string) =>
    (await httpRequest({ parameters: { url: server.url + path } })).body;
  assert.deepEqual(await body("/json"), { n: 1 });
  assert.equal(await body("/text"), "hello");
  assert.equal(await body("/bad-json"), "{not json");
  assert.equal(await body("/empty-json"), "");
  assert.equal(await body("/binary"), "AAH+/w==");
  assert.equal(await body("/untyped"), "plain");
});

Deno.test("httpRequest() fails a 4xx or 5xx answer with HTTP_STATUS, unless allowFailure", async () => {
  await using server = await serve((_request, _body, response) => {
    response.statusCode = 503;
    response.setHeader("content-type", "application/json");
    response.end('{"error":"down"}');
  });
  await refused(
    httpRequest({ parameters: { url: server.url } }),
    "HTTP_STATUS",
    /GET http:\/\/127\.0\.0\.1:\d+ answered 503 Service Unavailable: \{"error":"down"\} \(set allowFailure: true/,
  );
  const output = await httpRequest({ parameters: { url: server.url, allowFailure: true } });
  assert.deepEqual([output.status, output.ok, output.body], [503, false, { error: "down" }]);
});

Deno.test("httpRequest() follows redirects, or outputs the 3xx when followRedirects is false", async () => {
  await using server = await serve((request, _body, response) => {
    if (request.url === "/old") {
      response.statusCode = 302;
      response.setHeader("location", "/new");
      response.end();
    } else {
      response.setHeader("content-type", "text/plain");
      response.end("moved here");
    }
  });
  const followed = await httpRequest({ parameters: { url: `${server.url}/old` } });
  assert.deepEqual([followed.status, followed.body, followed.url], [
    200,
    "moved here",
    `${server.url}/new`,
  ]);
  const kept = await httpRequest({
    parameters: { url: `${server.url}/old`, followRedirects: false },
  });
  assert.deepEqual([kept.status, kept.headers.location], [302, "/new"]);
});

Deno.test("httpRequest() node retried by the engine: a 500 fails the attempt, the next one succeeds", async () => {
  let calls = 0;
  await using server = await serve((_request, _body, response) => {
    calls++;
    response.statusCode = calls === 1 ? 500 : 200;
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ calls }));
  });
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  try {
    const node = (id: string, maxAttempts: number) => ({
      id,
      type: "http-request",
      position: { x: 0, y: 0 },
      data: {
        module: new URL("./task.ts", import.meta.url).href,
        export: spec.task,
        input: { parameters: { url: server.url } },
        retry: { maxAttempts, minDelay: 0 },
      },
    });
    const run = runBlueprint({ id: "retry", name: "Retry", nodes: [node("call", 2)], edges: [] }, {
      executor,
      storage: new MemoryClient(),
    });
    const result = await run.result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    assert.equal(result.nodes.get("call")?.attempts, 2);
    assert.deepEqual((result.outputs.get("call") as { body: unknown }).body, { calls: 2 });
    calls = 0;
    const once = await runBlueprint({
      id: "once",
      name: "Once",
      nodes: [node("call", 1)],
      edges: [],
    }, {
      executor,
      storage: new MemoryClient(),
    }).result;
    assert.equal(once.status, "failed");
    assert.equal(once.nodes.get("call")?.error?.code, "HTTP_STATUS");
  } finally {
    await executor.close();
  }
});

Deno.test("httpRequest() stops when its signal aborts, with the signal's reason", async () => {
  let arrived!: () => void;
  const waiting = new Promise<void>((resolve) => arrived = resolve);
  await using server = await serve(() => arrived()); // never answers
  const controller = new AbortController();
  const request = httpRequest({ parameters: { url: server.url } }, { signal: controller.signal });
  await waiting;
  const reason = new Error("cancelled by the run");
  controller.abort(reason);
  await assert.rejects(request, (error) => error === reason);
});

Deno.test("httpRequest() fails with HTTP_NETWORK when nothing answers", async () => {
  const server = await serve(echo);
  const url = server.url;
  await server[Symbol.asyncDispose]();
  await refused(
    httpRequest({ parameters: { url } }),
    "HTTP_NETWORK",
    /GET http:\/\/127\.0\.0\.1:\d+ got no answer/,
  );
});

Deno.test("httpRequest() refuses bad urls, methods, headers and a GET body, saying what is allowed", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ url: "ftp://x/" }, /"url" must be an http: or https: URL, got "ftp:\/\/x\/"/],
    [{ url: "not a url" }, /"url" must be an http: or https: URL/],
    [{ url: 42 }, /"url" must be an http: or https: URL, got 42/],
    [{}, /"url" is required/],
    [
      { url: "http://x/", method: "PATCH" },
      /"method" must be one of GET, POST, PUT, DELETE, got "PATCH"/,
    ],
    [{ url: "http://x/", body: "x" }, /"body" is not allowed with GET/],
    [
      { url: "http://x/", headers: { "bad name": "v" } },
      /header "bad name": "v" is not a valid header/,
    ],
    [{ url: "http://x/", headers: { a: "line\nbreak" } }, /header "a"/],
    [{ url: "http://x/", headers: { a: { nested: 1 } } }, /header "a" must be text, got object/],
    [{ url: "http://x/", headers: "[1]" }, /"headers" must be an object of names to text/],
    [{ url: "http://x/", headers: "{oops" }, /got text that is not JSON/],
    [{ url: "http://x/", validateSSL: false }, /"validateSSL": false is not supported/],
  ];
  for (const [parameters, message] of cases) {
    await refused(httpRequest({ parameters }), "INVALID_PARAMETER", message);
  }
  assert.equal(await spec.check?.({ url: "http://x/", method: "POST", body: "b" }), undefined);
  assert.match(
    (await spec.check?.({ url: "mailto:a@b" })) ?? "",
    /"url" must be an http: or https: URL/,
  );
});

Deno.test("httpRequest() keeps hostile header names as plain data both ways", async () => {
  await using server = await serve((request, _body, response) => {
    response.setHeader("__proto__", String(request.headers["constructor"]));
    response.setHeader("toString", "t");
    response.end();
  });
  const headers = JSON.parse('{"__proto__": "p", "constructor": "c", "hasOwnProperty": "h"}');
  const output = await httpRequest({ parameters: { url: server.url, headers } });
  assert.equal(Object.getPrototypeOf(output.headers), null);
  assert.equal(output.headers["__proto__"], "c");
  assert.equal(output.headers["tostring"], "t");
  for (const value of HOSTILE_NUMBERS) {
    // A header value that is a number goes as its text (NaN, Infinity included): no crash, no pollution.
    const sent = await httpRequest({ parameters: { url: server.url, headers: { n: value } } });
    assert.equal(sent.status, 200);
  }
  assertPrototypeClean();
});
