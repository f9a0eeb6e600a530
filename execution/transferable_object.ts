/**
 * An object a worker can take over instead of copying: an `ArrayBuffer`, a
 * `MessagePort`, a stream, an `ImageBitmap` and the like. It is spelled out
 * here (not the DOM's `Transferable`) so that the types also check in a
 * project without the DOM library, such as a Node.js one with `lib: ["es2023"]`.
 *
 * @example Move a buffer into a task
 * ```ts
 * import type { TransferableObject } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * const buffer = new ArrayBuffer(8);
 * const transfer: TransferableObject[] = [buffer];
 * assert.equal(transfer.length, 1);
 * ```
 */
export type TransferableObject =
  | ArrayBuffer
  // MessagePort, ImageBitmap, VideoFrame, AudioData, RTCDataChannel.
  | { close(): void }
  // ReadableStream and WritableStream.
  | { readonly locked: boolean }
  // TransformStream.
  | { readonly readable: unknown; readonly writable: unknown }
  // OffscreenCanvas.
  | { transferToImageBitmap(): unknown };
