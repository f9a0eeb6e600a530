import { quietly } from "./_deprecation.ts";
import { StoreService } from "./store_service.ts";

/** The service, for the module-level functions: no notice. */
export function sharedService(): StoreService {
  return quietly(() => StoreService.getInstance());
}
