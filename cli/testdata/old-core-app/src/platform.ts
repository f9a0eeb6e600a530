// deno-fmt-ignore-file
// deno-lint-ignore-file
import { getPlatformInfo, type PlatformFeatures } from "@atomiton/core";

export const runtime: string = getPlatformInfo().runtime;

export function canUseIndexedDB(features: PlatformFeatures): boolean {
  return features.indexedDB;
}
