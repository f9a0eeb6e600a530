// deno-fmt-ignore-file
// deno-lint-ignore-file
/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import { createUIStore, type Notification } from "@atomiton/core";

export const ui = createUIStore();

export function Toast(props: { notification: Notification }) {
  return <p className="toast">{props.notification.message}</p>;
}
