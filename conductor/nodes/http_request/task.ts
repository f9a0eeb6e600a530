import { ConductorError } from "../../conductor_error.ts";
import type { FlowTaskInput, TaskContext } from "../_task.ts";
import { bodyOf, headersOf, invalid, requestProblem } from "./_request.ts";
import { headersRecord, readBody } from "./_response.ts";

/** What the `http-request` node outputs. */
export interface HttpResponseOutput {
  /** The status code, such as 200. */
  readonly status: number;
  /** The status text, such as `"OK"`. */
  readonly statusText: string;
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The URL that answered (after redirects). */
  readonly url: string;
  /** The response's headers, names lower-case (a null-prototype record). */
  readonly headers: Record<string, string>;
  /** Parsed JSON for a JSON content type, text for text, base64 for binary. */
  readonly body: unknown;
}

/**
 * The `http-request` node's task: sends `method` to `url` (a `url` input port
 * overrides the parameter) with `headers` and `body` (a `body` port overrides
 * it; an object, or text that is a JSON object or array, goes as
 * `application/json` unless a content type is set). The time limit is the
 * node's `timeout` (its signal aborts the request); retries are the node's
 * retry policy: a 4xx or 5xx answer fails the node with code `HTTP_STATUS`
 * (so it is retried) unless `allowFailure`, and a request that gets no answer
 * fails with `HTTP_NETWORK`.
 *
 * @param input The node's parameters (see its spec) and the ports `url`, `body`.
 * @param context The node's context: its signal aborts the request.
 * @returns `{ status, statusText, ok, url, headers, body }`.
 * @throws {ConductorError} `HTTP_STATUS`, `HTTP_NETWORK`, or `INVALID_PARAMETER`
 * for a bad url, header or method.
 *
 * @example Ask a local server
 * ```ts
 * import { httpRequest } from "@atomiton/conductor/nodes";
 * import { createServer } from "node:http";
 * import assert from "node:assert/strict";
 *
 * const server = createServer((_, response) => {
 *   response.setHeader("content-type", "application/json");
 *   response.end('{"hello":"world"}');
 * });
 * await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
 * const { port } = server.address() as { port: number };
 * const output = await httpRequest({ parameters: { url: `http://127.0.0.1:${port}/` } });
 * assert.equal(output.status, 200);
 * assert.deepEqual(output.body, { hello: "world" });
 * await new Promise((resolve) => server.close(resolve));
 * ```
 */
export async function httpRequest(
  input: FlowTaskInput,
  context?: Pick<TaskContext, "signal">,
): Promise<HttpResponseOutput> {
  const parameters: Record<string, unknown> = {
    ...input.parameters,
    url: input.url ?? input.parameters.url,
  };
  if (input.body !== undefined) parameters.body = input.body;
  const problem = requestProblem(parameters);
  if (problem !== undefined) throw invalid(problem);
  const method = String(parameters.method ?? "GET");
  if (!["GET", "POST", "PUT", "DELETE"].includes(method)) {
    throw invalid(`"method" must be one of GET, POST, PUT, DELETE, got ${JSON.stringify(method)}`);
  }
  if (typeof parameters.url !== "string") {
    throw invalid('"url" is required: an http: or https: URL');
  }
  const url = parameters.url;
  const headers = headersOf(parameters.headers);
  const followRedirects = parameters.followRedirects !== false;
  const signal = context?.signal;
  const response = await send(url, {
    method,
    headers,
    body: bodyOf(parameters.body, headers),
    redirect: followRedirects ? "follow" : "manual",
    signal: signal ?? null,
  });
  const output: HttpResponseOutput = {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    url: response.url || url,
    headers: headersRecord(response.headers),
    body: await readBody(response).catch((error) => {
      throw signal?.aborted ? signal.reason : networkError(method, url, error);
    }),
  };
  if (parameters.allowFailure !== true && failed(response, followRedirects)) {
    throw new ConductorError(
      "HTTP_STATUS",
      `http-request: ${method} ${url} answered ${response.status} ${response.statusText}` +
        `${excerpt(output.body)} (set allowFailure: true to take such answers as output).`,
    );
  }
  return output;
}

async function send(url: string, init: RequestInit & { method: string }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason;
    throw networkError(init.method, url, error);
  }
}

function networkError(method: string, url: string, error: unknown): ConductorError {
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  const says = (error as Error)?.message ?? String(error);
  return new ConductorError(
    "HTTP_NETWORK",
    `http-request: ${method} ${url} got no answer: ${says}${cause ? ` (${cause})` : ""}.`,
    { cause: error },
  );
}

// A 3xx is an answer when redirects are not followed (a browser shows it as an opaque redirect).
function failed(response: Response, followRedirects: boolean): boolean {
  if (response.ok) return false;
  if (followRedirects) return true;
  return !(response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400));
}

function excerpt(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body) ?? "";
  if (text === "") return "";
  return `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}
