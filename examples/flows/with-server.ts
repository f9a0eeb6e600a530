/**
 * Runs http.flow.yaml (or the flow file given) against a local HTTP server that
 * it starts itself, on Deno or Node.js, and prints each node's output as JSON:
 *
 *     deno run -A examples/flows/with-server.ts [flow.flow.yaml]
 *
 * The flow's http-request urls are placeholders: before validating, this script
 * points each at the server, keeping its path (it edits the parsed flow).
 *
 * @module
 */
import { runBlueprint, validateBlueprint } from "@atomiton/conductor";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const SCORES = [
  { name: "Ada", score: 91 },
  { name: "Grace", score: 78 },
  { name: "Margaret", score: 88 },
];

/** GET /scores answers the scores; POST /best answers what it was sent, counted. */
async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body = "";
  for await (const chunk of request) body += chunk;
  const reply = request.method === "GET" && request.url === "/scores"
    ? SCORES
    : request.method === "POST" && request.url === "/best"
    ? { received: JSON.parse(body), sentBy: request.headers["x-sent-by"] ?? null }
    : undefined;
  response.writeHead(reply === undefined ? 404 : 200, { "content-type": "application/json" });
  response.end(JSON.stringify(reply ?? { error: "not found" }));
}

type FlowNode = { type?: string; parameters?: { url?: string }; nodes?: FlowNode[] };

/** Points every http-request node's url (containers' children too) at `base`, keeping its path. */
function pointAt(nodes: FlowNode[] = [], base: string): void {
  for (const node of nodes) {
    const url = node.parameters?.url;
    if (node.type === "http-request" && url) {
      const { pathname, search } = new URL(url);
      node.parameters!.url = new URL(pathname + search, base).href;
    }
    pointAt(node.nodes, base);
  }
}

const flowPath = process.argv[2] ?? fileURLToPath(new URL("./http.flow.yaml", import.meta.url));
const server = createServer((request, response) => {
  answer(request, response).catch((error) => {
    response.writeHead(500).end(String(error));
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
try {
  const { port } = server.address() as AddressInfo;
  const flow = parse(await readFile(flowPath, "utf8"));
  pointAt(flow.nodes, `http://127.0.0.1:${port}/`);
  // Relative paths in the flow (out/...) resolve against the flow file's folder.
  const blueprint = await validateBlueprint(flow, { baseUrl: flowPath });
  const result = await runBlueprint(blueprint).result;
  process.stdout.write(
    JSON.stringify({ status: result.status, outputs: Object.fromEntries(result.outputs) }) + "\n",
  );
  if (result.status !== "completed") {
    process.stderr.write(`the run ${result.status}: ${result.error?.message}\n`);
    process.exitCode = 1;
  }
} finally {
  server.close();
}
