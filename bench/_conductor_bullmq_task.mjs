// deno-lint-ignore-file explicit-module-boundary-types -- plain JS, Node.js runs it too
// BullMQ's sandboxed processor for bench/conductor_compare.ts (a worker thread, as the
// conductor's tasks run): a chain link adds one to its only child's value.
export default async (job) => {
  const [previous] = Object.values(await job.getChildrenValues());
  return (previous ?? 0) + 1;
};
