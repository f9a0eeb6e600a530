// The globals this package reads, typed loosely: each runtime has only some of them,
// and tests pass a fake scope to play Bun, Electron or workerd on Deno.

/** A Deno permission query result, as far as this package reads it. */
export interface PermissionStatusLike {
  readonly state: string;
}

/** The parts of the `Deno` namespace this package reads. */
export interface DenoLike {
  readonly version?: { readonly deno?: string };
  readonly build?: { readonly os?: string; readonly arch?: string };
  readonly env?: { get(name: string): string | undefined };
  readonly permissions?: {
    querySync?(descriptor: { name: string; variable?: string }): PermissionStatusLike;
  };
  readonly stdout?: { isTerminal?(): boolean };
  readonly memoryUsage?: () => { rss: number; heapTotal: number; heapUsed: number };
  readonly readFile?: unknown;
  readonly Command?: unknown;
}

/** The parts of Node's `process` this package reads (Bun and Electron have it too). */
export interface ProcessLike {
  readonly versions?: Readonly<Record<string, string | undefined>>;
  readonly platform?: string;
  readonly arch?: string;
  readonly type?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdout?: { readonly isTTY?: boolean };
  readonly permission?: { has(scope: string): boolean };
  readonly memoryUsage?: () => { rss: number; heapTotal: number; heapUsed: number };
  readonly getBuiltinModule?: (id: string) => unknown;
}

/** The parts of `navigator` this package reads. */
export interface NavigatorLike {
  readonly userAgent?: string;
  readonly hardwareConcurrency?: number;
  readonly userAgentData?: { readonly platform?: string };
  readonly storage?: { readonly getDirectory?: unknown };
}

/** A global scope as this package sees it. */
export interface Scope {
  readonly Deno?: DenoLike;
  readonly Bun?: { readonly version?: string };
  readonly process?: ProcessLike;
  readonly navigator?: NavigatorLike;
  readonly window?: unknown;
  readonly document?: unknown;
  readonly WorkerGlobalScope?: unknown;
  readonly Worker?: unknown;
  readonly indexedDB?: unknown;
  readonly localStorage?: { readonly getItem?: unknown };
  readonly BroadcastChannel?: unknown;
  readonly SharedArrayBuffer?: unknown;
  readonly crossOriginIsolated?: boolean;
  readonly crypto?: { readonly subtle?: { readonly digest?: unknown } };
  readonly performance?: {
    now?(): number;
    readonly memory?: { readonly usedJSHeapSize: number; readonly totalJSHeapSize: number };
  };
}

/** The real global scope. */
export const globalScope: Scope = globalThis as unknown as Scope;
