// A blueprint node of the Chromium resume test (conductor/browser_test.ts), loaded
// by a Web Worker from the test server. It tells the server it started (the server
// counts each node's runs), reports progress, waits at the server's gate when its
// input asks it to (the test holds the gate shut while it reloads the page), and
// returns `add` plus every number its edges carry.
export default async function step(input, ctx) {
  const node = encodeURIComponent(ctx.nodeId);
  const server = new URL("/", import.meta.url);
  await answer(fetch(new URL(`hit/${node}`, server), { method: "POST", signal: ctx.signal }));
  ctx.progress({ progress: 0.5, message: input.gate ? "waiting at the gate" : "working" });
  if (input.gate) await answer(fetch(new URL(`gate/${node}`, server), { signal: ctx.signal }));
  const carried = (input.value ?? 0) + (input.left ?? 0) + (input.right ?? 0);
  return { value: carried + input.add };
}

async function answer(request) {
  const response = await request;
  if (!response.ok) throw new Error(`the test server answered ${response.status}`);
  await response.text();
}
