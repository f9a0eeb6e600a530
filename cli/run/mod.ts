import type { Command } from "../_common/command.ts";
import { NODE_TYPES_OPTION } from "../_common/node_types.ts";

/** `atomiton run <blueprint.json | flow.flow.yaml>`: the main job. */
export const runCommand: Command = {
  name: "run",
  summary: "Run a blueprint or an Atomiton flow: nodes in parallel on workers, results saved",
  usage: "<blueprint.json | flow.flow.yaml> [options] | --resume <run id> [--from <node>]",
  description:
    'A blueprint is JSON: { "nodes": [{ "id": "sum", "data": { "module": "./sum.js", "input": {} } }],\n' +
    '"edges": [{ "source": "load", "target": "sum" }] }; a task module exports\n' +
    "(input, { signal, progress, nodeId, baseUrl }) => output, and an edge puts the source's output\n" +
    "in the target's input under the source's id (or \"targetHandle\").\n" +
    "An Atomiton flow (.flow.yaml, or the same as JSON) runs too: nodes of the types that\n" +
    "`atomiton nodes` lists, with their parameters; paths resolve against the flow's folder,\n" +
    "and code from the flow (transform) runs only in sandboxed workers.\n" +
    "\n" +
    "Checks the blueprint (unknown modules, missing nodes, cycles: every problem at once), then\n" +
    "runs it as a graph: nodes whose inputs are ready run in parallel on worker threads, and\n" +
    "each output flows along its edges into the next nodes' inputs. Every event goes to a JSON\n" +
    "Lines log that `atomiton events replay` plays back; the run and each node's output are\n" +
    "recorded in storage (runs/<run id>, run-nodes/<run id>/<node>) before the nodes it feeds\n" +
    "start: `atomiton runs ls` and `atomiton runs show <run id>` read them back.\n" +
    "\n" +
    "--resume <run id> continues a run that failed, was cancelled or crashed (with --store where\n" +
    "it ran): completed nodes keep their outputs and do not run again; --from <node> runs that\n" +
    "node and everything downstream of it again. An edge whose sourceHandle field the output\n" +
    "lacks is not taken; a node none of whose edges was taken is skipped.\n" +
    "\n" +
    "On a terminal, a line per running node and an overall bar; otherwise one line per node\n" +
    "start and finish; with --json, only the events, as JSON Lines on standard output (the first\n" +
    "line carries the run id as runId).\n" +
    "A failing node cancels the others (exit 1); Ctrl-C cancels every running node (exit 130),\n" +
    "as does a closed standard output (`--json | head -1`). A killed run loses nothing completed:\n" +
    "resume it.\n" +
    "Limits: 10,000 nodes, 100,000 edges, 64 levels of nesting (a node's input 60).\n" +
    "Exit codes: 0 completed, 1 a node failed, 2 usage, 3 invalid blueprint (or no such run or\n" +
    "node to resume), 4 store or Redis unreachable, 130 cancelled.",
  options: {
    concurrency: {
      type: "string",
      value: "n",
      description: "Tasks at once (default: the CPUs; with --redis, 1024)",
    },
    timeout: { type: "string", value: "ms", description: "Each node's time limit" },
    grace: {
      type: "string",
      value: "ms",
      description: "How long cancelled nodes get to stop before their workers are ended (500)",
    },
    "memory-limit": {
      type: "string",
      value: "mb",
      description:
        "Each worker's heap: a node past it fails, the run goes on (on Deno, workers become processes)",
    },
    store: {
      type: "string",
      value: "url",
      description: "Where results go: a folder, file:///…, redis://… (default: the atomiton home)",
    },
    log: {
      type: "string",
      value: "file",
      description: "The event log (default: <atomiton home>/runs/<run id>.events.jsonl)",
    },
    json: {
      type: "boolean",
      description: "Print the events as JSON Lines on stdout, nothing else",
    },
    redis: {
      type: "string",
      value: "url",
      description: 'Run the nodes on "atomiton worker --redis URL" workers, queue "blueprints"',
    },
    check: { type: "boolean", description: "Check the blueprint and exit without running it" },
    resume: {
      type: "string",
      value: "run id",
      description: "Continue this run (failed, cancelled or crashed); completed nodes do not rerun",
    },
    from: {
      type: "string",
      value: "node",
      description: "With --resume: run this node and everything downstream of it again",
    },
    "node-types": NODE_TYPES_OPTION,
    "allow-remote-modules": {
      type: "boolean",
      description: "Let http: and https: task modules load (Deno only; they run with full access)",
    },
  },
  examples: [
    "atomiton run examples/sales-report/blueprint.json",
    "atomiton run examples/flows/every-node.flow.yaml",
    "atomiton run blueprint.json --json | jq -c 'select(.type == \"execution:node-progress\")'",
    "atomiton run blueprint.json --concurrency 2 --timeout 60000 --store redis://127.0.0.1:6379",
    "atomiton run blueprint.json --redis redis://127.0.0.1:6379",
    "atomiton run blueprint.json --check",
    "atomiton run --resume 20250304-050607-a1b2c3",
    "atomiton run --resume 20250304-050607-a1b2c3 --from parse",
  ],
  async run(context): Promise<number> {
    const { run } = await import("./_run.ts");
    return await run(context);
  },
};
