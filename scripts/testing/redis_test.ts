import assert from "node:assert/strict";
import { ignoreUnless } from "./needs.ts";
import { startRedis } from "./redis.ts";

async function command(port: number, line: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(line + "\r\n"));
    const buf = new Uint8Array(256);
    const n = await conn.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0));
  } finally {
    conn.close();
  }
}

Deno.test({
  name: "startRedis() keeps an acknowledged write across kill and start when durable",
  ...ignoreUnless("redis-server"),
  async fn(): Promise<void> {
    await using redis = await startRedis({ durable: true });
    assert.equal(redis.url, `redis://127.0.0.1:${redis.port}`);
    assert.equal(await command(redis.port, "SET k v"), "+OK\r\n");
    await redis.kill();
    await assert.rejects(Deno.connect({ hostname: "127.0.0.1", port: redis.port }));
    await redis.start();
    assert.equal(await command(redis.port, "GET k"), "$1\r\nv\r\n");
  },
});
