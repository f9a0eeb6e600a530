// deno-fmt-ignore-file
// deno-lint-ignore-file
// Shared types, in the old code base's own style: single quotes, no semicolons.
import type {
  Job, // a queued blueprint run
  JobStatus,
  /* the UI */ UIState,
  UIPreferences,
} from '@atomiton/core'
import { type IStorageClient, type PlatformInfo, type RuntimePlatform } from '@atomiton/core'

export type { ExecutionState, SessionState as Session } from '@atomiton/core'

export function describeJob(job: Job): string {
  return `${job.id}: ${job.status}`
}

export function isDone(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled'
}

export function themeOf(state: UIState, preferences: UIPreferences): string {
  return `${preferences.theme}, ${state.notifications.length} notifications`
}

export async function has(client: IStorageClient, key: string): Promise<boolean> {
  return await client.has(key)
}

export function runtimeOf(info: PlatformInfo): RuntimePlatform {
  return info.runtime
}
