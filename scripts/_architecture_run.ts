// The blueprint run: drawn from this description (the parts and who calls whom), not measured.
import { arrowShape, type Box, boxShape, connect, svgDocument } from "./_architecture_svg.ts";

const PARTS: Record<string, { col: number; row: number; lines: string[]; fill?: string }> = {
  app: { col: 1, row: 0, lines: ["atomiton run / your app", "runBlueprint(blueprint, options)"] },
  store: { col: 0, row: 0, lines: ["ExecutionStore", "@atomiton/store: state for a UI"] },
  events: {
    col: 0,
    row: 1,
    lines: ["EventClient", "@atomiton/events: node started,", "finished, failed"],
  },
  orchestrator: {
    col: 1,
    row: 1,
    lines: [
      "orchestrator",
      "@atomiton/conductor: validate,",
      "schedule ready nodes, retry, resume",
    ],
  },
  storage: {
    col: 2,
    row: 1,
    lines: ["StorageClient", "@atomiton/storage: run records", "memory, fs, IndexedDB, Redis"],
  },
  inThread: { col: 0, row: 2, lines: ["inThreadExecutor", "same thread, no isolation"] },
  pool: { col: 1, row: 2, lines: ["workerPoolExecutor", "WorkerPool, @atomiton/execution"] },
  redisExecutor: { col: 2, row: 2, lines: ["redisExecutor", "@atomiton/conductor/redis"] },
  redis: {
    col: 3,
    row: 2,
    lines: ["Redis", "task queue, results, leases,", "storage, event streams"],
    fill: "#ffebe9",
  },
  workers: { col: 1, row: 3, lines: ["workers", "Deno Worker, worker_threads,", "Web Worker"] },
  redisWorkers: {
    col: 3,
    row: 3,
    lines: ["RedisWorker processes", "atomiton worker, any machine"],
  },
};

const ARROWS: [string, string, string, boolean?][] = [
  ["app", "orchestrator", "runBlueprint()"],
  ["orchestrator", "events", "emit"],
  ["events", "store", "bindEvents"],
  ["orchestrator", "storage", "record"],
  ["orchestrator", "inThread", ""],
  ["orchestrator", "pool", "node task"],
  ["orchestrator", "redisExecutor", ""],
  ["pool", "workers", "postMessage"],
  ["redisExecutor", "redis", "enqueue"],
  ["redis", "redisWorkers", "claim, reply"],
  ["storage", "redis", "backend", true],
];

/** The parts of a blueprint run and the calls between them. */
export function renderRunSvg(): string {
  const box = (name: string): Box => {
    const { col, row } = PARTS[name]!;
    return { x: 20 + col * 300, y: 20 + row * 110, width: 230, height: 66 };
  };
  const body = [
    ...ARROWS.map(([from, to, label, dashed]) =>
      arrowShape(...connect(box(from), box(to)), label, dashed)
    ),
    ...Object.entries(PARTS).map(([name, part]) => boxShape(box(name), part.lines, part.fill)),
  ];
  return svgDocument(
    4 * 300 - 30,
    20 + 4 * 110,
    body,
    "A blueprint run: orchestrator, executors, workers, storage, events, Redis",
  );
}
