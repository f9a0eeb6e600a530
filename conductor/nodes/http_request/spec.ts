import type { BuiltinSpec } from "../_spec.ts";
import { requestProblem } from "./_request.ts";

/** The `http-request` node type: one HTTP request, its response as output. */
export const spec: BuiltinSpec = {
  type: "http-request",
  description: "Sends an HTTP request; outputs the status, headers and body (JSON parsed)",
  task: "httpRequest",
  parameters: {
    method: {
      type: "string",
      enum: ["GET", "POST", "PUT", "DELETE"],
      default: "GET",
      description: "The HTTP method",
    },
    url: {
      type: "string",
      required: true,
      min: 1,
      description: "The http: or https: URL (a `url` input port overrides it)",
    },
    headers: {
      type: "object",
      items: "string",
      json: true,
      default: {},
      description: "Request headers by name (object or JSON string)",
    },
    body: {
      type: "string",
      description:
        "The body (not with GET); JSON text, or an object from a `body` port, is sent as application/json",
    },
    followRedirects: {
      type: "boolean",
      default: true,
      description: "Follow redirects; when false a 3xx answer is the output",
    },
    validateSSL: {
      type: "boolean",
      default: true,
      description: "Check the server's TLS certificate (only true is supported)",
    },
    retryDelay: {
      type: "number",
      integer: true,
      min: 0,
      max: 2147483647,
      default: 1000,
      description: "Ms before the first retry (the node's `retries` retry a failed request)",
    },
    allowFailure: {
      type: "boolean",
      default: false,
      description: "Output a 4xx/5xx answer instead of failing the node with HTTP_STATUS",
    },
  },
  check: (parameters) => Promise.resolve(requestProblem(parameters)),
};
