/**
 * The shapes of bench/conductor_compare.ts run without the engine, straight on
 * a pool's `run` (a `WorkerPool` or a `RedisPool`): the floor the engine's
 * per-node overhead is measured from. Each task gets `{ n }` and returns n + 1.
 *
 * @module
 */

/** A pool's `run`, as the engine's executors call it. */
export type RunTask = (input: { n: number }) => Promise<unknown>;

/**
 * A chain: each task gets the previous task's output.
 *
 * @param run Runs one task.
 * @param length Tasks in the chain.
 * @returns The last output (`length`).
 */
export async function rawChain(run: RunTask, length: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < length; i++) n = await run({ n }) as number;
  return n;
}

/**
 * A fan-out: one source task, then `width` tasks fed its output, all at once.
 *
 * @param run Runs one task.
 * @param width Tasks fed by the source.
 * @returns The outputs' sum (`width * 2`).
 */
export async function rawFanOut(run: RunTask, width: number): Promise<number> {
  const n = await run({ n: 0 }) as number;
  const all: Promise<unknown>[] = new Array(width);
  for (let i = 0; i < width; i++) all[i] = run({ n });
  let sum = 0;
  for (const output of await Promise.all(all)) sum += output as number;
  return sum;
}

/** The blueprint JSON of a chain: node i's output is node i+1's input field `n`. */
export function chainBlueprint(module: string, length: number): Record<string, unknown> {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < length; i++) {
    nodes.push(taskNode(`link-${i}`, module, i));
    if (i > 0) {
      edges.push({ id: `e-${i}`, source: `link-${i - 1}`, target: `link-${i}`, targetHandle: "n" });
    }
  }
  return { id: `chain-${length}`, name: `Chain of ${length}`, nodes, edges };
}

/** The blueprint JSON of a fan-out: one source feeding `width` leaves. */
export function fanOutBlueprint(module: string, width: number): Record<string, unknown> {
  const nodes = [taskNode("source", module, 0)];
  const edges = [];
  for (let i = 0; i < width; i++) {
    nodes.push(taskNode(`leaf-${i}`, module, i + 1));
    edges.push({ id: `e-${i}`, source: "source", target: `leaf-${i}`, targetHandle: "n" });
  }
  return { id: `fan-out-${width}`, name: `Fan-out to ${width}`, nodes, edges };
}

function taskNode(id: string, module: string, x: number): Record<string, unknown> {
  return { id, type: "task", position: { x, y: 0 }, data: { module } };
}
