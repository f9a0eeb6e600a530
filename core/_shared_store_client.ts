import { quietly } from "./_deprecation.ts";
import { StoreClient } from "./store_client.ts";

/** The instance, for the stores' own use: no notice. */
export function sharedStoreClient(): StoreClient {
  return quietly(() => StoreClient.getInstance());
}
