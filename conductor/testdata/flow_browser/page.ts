// The page of the Chromium flow tests (conductor/flow_browser_test.ts), bundled as a web app
// would bundle it: this module and the node library (`@atomiton/conductor/nodes`) as two entries
// of one build, the library at `nodes/mod.js` beside the page's chunks, where the conductor finds
// it. It validates and runs flow text on the default executor (Web Workers), and offers the test
// `validate` and `run`; every event of its runs lands in `events`.
import { runBlueprint, validateBlueprint } from "@atomiton/conductor";
import type { RunResult, ValidBlueprint } from "@atomiton/conductor";

interface PageEvent {
  readonly type: string;
  readonly nodeId?: string;
  readonly status?: string;
}

interface PageScope {
  location: { href: string };
  flowPage?: unknown;
  events: PageEvent[];
  /** Set by a flow's function if it ever runs in this (the page's) thread. */
  mapped?: unknown;
  ready?: boolean;
}

const scope = globalThis as unknown as PageScope;
scope.events = [];

// Flows name their tasks by URL (the node library's, on this origin): network modules, on request.
const options = { allowRemoteModules: true } as const;

/** Each node's task module and export, as validation resolved them. */
function modules(blueprint: ValidBlueprint): Record<string, string> {
  return Object.fromEntries(blueprint.nodes.map((node) => {
    const data = node.data as { module?: string; export?: string };
    const module = data.module?.startsWith("data:") ? "data:" : data.module;
    return [node.id, `${module}#${data.export ?? "default"}`];
  }));
}

// Maps and errors do not cross page.evaluate: plain JSON for the test.
function plainResult(result: RunResult): unknown {
  return {
    status: result.status,
    outputs: Object.fromEntries(result.outputs),
    nodes: Object.fromEntries([...result.nodes].map(([id, node]) => [id, node.status])),
    error: result.error ?? null,
  };
}

function refusal(error: unknown): unknown {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { ok: false, code, message: String(message) };
}

scope.flowPage = {
  /**
   * Validates flow text here (the browser's runtime, detected): its modules, or why not.
   * `baseUrl` is the flow file's URL when it was loaded from one.
   */
  async validate(text: string, baseUrl?: string): Promise<unknown> {
    try {
      const blueprint = await validateBlueprint(text, { ...options, baseUrl });
      return { ok: true, modules: modules(blueprint) };
    } catch (error) {
      return refusal(error);
    }
  },
  /** Validates and runs flow text to its end on Web Workers; how it ended. */
  async run(text: string): Promise<unknown> {
    const blueprint = await validateBlueprint(text, options);
    const run = runBlueprint(blueprint, options);
    for await (const event of run) {
      const data = event.data as Record<string, unknown>;
      scope.events.push({
        type: event.type,
        ...(typeof data.nodeId === "string" ? { nodeId: data.nodeId } : {}),
        ...(typeof data.status === "string" ? { status: data.status } : {}),
      });
    }
    return plainResult(await run.result);
  },
};
scope.ready = true;
