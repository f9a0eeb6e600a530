import type { EventClient as NewEventClient } from "@atomiton/events";
import type { SystemEvent } from "./event_client.ts";

/** The envelope of the event being delivered, or one made for a local `emit`. */
export function envelopeOf(client: NewEventClient, data: unknown, type: string): SystemEvent {
  return client.origin ?? { type, source: client.source, timestamp: Date.now(), data };
}
