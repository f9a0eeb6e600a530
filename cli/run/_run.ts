import type { CommandContext } from "../_common/command.ts";
import { ExitCode } from "../exit_code.ts";
import { loadNodeTypes } from "../_common/node_types.ts";
import { readBlueprint } from "./_blueprint.ts";
import { readRunOptions } from "./_options.ts";
import { runSession } from "./_session.ts";

/** `atomiton run`: reads its arguments and hands the blueprint (or the run to resume) over. */
export async function run(context: CommandContext): Promise<number> {
  const options = readRunOptions(context);
  if (options.path === undefined) return await runSession(context, options, undefined);
  const blueprint = await readBlueprint(options.path, {
    allowRemoteModules: options.allowRemoteModules,
    nodeTypes: options.nodeTypes.length > 0 ? await loadNodeTypes(options.nodeTypes) : undefined,
  });
  if (!options.check) return await runSession(context, options, blueprint);
  const { io, style } = context;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  io.stdout(
    options.json
      ? `${JSON.stringify(blueprint)}\n`
      : `${style.green("valid")}: ${options.path}: ${plural(blueprint.nodes.length, "node")}, ${
        plural(blueprint.edges.length, "edge")
      }\n`,
  );
  return ExitCode.OK;
}
