// deno-fmt-ignore-file
// deno-lint-ignore-file
import { EventClient, type SystemEvent } from "@atomiton/core";

export const events = new EventClient();

export function describeEvent(event: SystemEvent): string {
  return `${event.type} from ${event.source}`;
}
