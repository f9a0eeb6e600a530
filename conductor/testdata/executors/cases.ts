/**
 * The behaviour every `NodeExecutor` owes, as tests registered for one executor.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { NodeExecutor, NodeRequest, NodeRunOptions } from "../../node_executor.ts";

/** The task module of these cases. */
export const TASKS: string = new URL("./tasks.mjs", import.meta.url).href;

/** A request for export `name` of the test tasks. */
export function request(name: string | undefined, input: unknown, nodeId = "node"): NodeRequest {
  return { module: TASKS, export: name, input, nodeId, baseUrl: "file:///bp.json" };
}

/** Run options with a fresh signal and no time limit, overridable. */
export function options(overrides: Partial<NodeRunOptions> = {}): NodeRunOptions {
  return {
    signal: new AbortController().signal,
    timeout: undefined,
    onProgress: () => {},
    ...overrides,
  };
}

/** What an executor under test can do. */
export interface ExecutorUnderTest {
  /** The executor's name in test names. */
  readonly name: string;
  /** Test options, such as `ignore`. */
  readonly test?: Partial<Deno.TestDefinition>;
  /** Makes a fresh executor, with whatever it needs started and a way to stop that. */
  readonly make: () => Promise<{ executor: NodeExecutor; stop?: () => Promise<void> }>;
  /** Whether `ctx.progress` reaches the caller. */
  readonly progress: boolean;
}

/** Registers the cases every executor must pass. */
export function executorCases({ name, test, make, progress }: ExecutorUnderTest): void {
  const it = (what: string, fn: (executor: NodeExecutor) => Promise<void>): void =>
    Deno.test({
      name: `${name} ${what}`,
      ...test,
      fn: async () => {
        const { executor, stop } = await make();
        try {
          await fn(executor);
        } finally {
          await executor.close();
          await stop?.();
        }
      },
    });

  it("runs a task's default export", async (executor) => {
    assert.equal(await executor.run(request(undefined, { n: 21 }), options()), 42);
  });

  if (progress) {
    it("reports progress and gives the task its node id and base URL", async (executor) => {
      const seen: unknown[] = [];
      const output = await executor.run(
        request("progress", 3, "parent/child"),
        options({ onProgress: (value) => seen.push(value) }),
      );
      assert.deepEqual(output, { nodeId: "parent/child", baseUrl: "file:///bp.json" });
      assert.deepEqual(seen, [1, 2, 3]);
    });
  }

  it("rejects with the task's error", async (executor) => {
    await assert.rejects(executor.run(request("fail", null), options()), (error: Error) => {
      assert.equal(error.name, "ValidationError");
      assert.equal((error as Error & { code?: string }).code, "E_BAD_INPUT");
      assert.match(error.message, /task failed on purpose/);
      return true;
    });
  });

  it("refuses an export that is not a function with INVALID_BLUEPRINT", async (executor) => {
    await assert.rejects(executor.run(request("notATask", null, "n1"), options()), (error) => {
      assert.equal((error as { code?: string }).code, "INVALID_BLUEPRINT");
      assert.match((error as Error).message, /no function export "notATask" for node "n1"/);
      return true;
    });
  });

  it("rejects with the abort reason once the signal aborts a running task", async (executor) => {
    const controller = new AbortController();
    const started = Promise.withResolvers<void>();
    const running = executor.run(
      request("cooperative", null),
      options({ signal: controller.signal, onProgress: () => started.resolve() }),
    );
    if (progress) await started.promise;
    const reason = new Error("cancelled by the test");
    controller.abort(reason);
    await assert.rejects(
      running,
      (error) => error === reason || (error as Error).message === reason.message,
    );
  });

  it("rejects at once for a signal that already aborted", async (executor) => {
    const reason = new Error("too late");
    await assert.rejects(
      executor.run(request(undefined, { n: 1 }), options({ signal: AbortSignal.abort(reason) })),
      (error) => error === reason,
    );
  });

  it("rejects with a TASK_TIMEOUT error when a task outlives its timeout", async (executor) => {
    await assert.rejects(
      executor.run(request("forever", null), options({ timeout: 50 })),
      (error) => {
        assert.equal((error as { code?: string }).code, "TASK_TIMEOUT");
        return true;
      },
    );
  });

  it("close() returns the same promise when called twice", async (executor) => {
    assert.equal(await executor.run(request(undefined, { n: 2 }), options()), 4);
    const first = executor.close();
    assert.equal(executor.close(), first);
    await first;
  });
}
