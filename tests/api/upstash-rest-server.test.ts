// The Upstash REST server against real Redis, driven by the real @upstash/redis client and
// @upstash/ratelimit (EVALSHA, NOSCRIPT fallback to EVAL, pipelines, MULTI/EXEC, base64).
import { createHash, randomBytes } from "node:crypto";

import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { deleteRedisKeys, startUpstashRestServer, type UpstashRestServer } from "../../scripts/upstash-rest-server";

const prefix = `test:upstash:${randomBytes(4).toString("hex")}:`;
let server: UpstashRestServer;
let redis: Redis;

beforeAll(async () => {
  server = await startUpstashRestServer({ token: randomBytes(16).toString("hex") });
  redis = new Redis({ url: server.url, token: server.token, enableTelemetry: false });
});

afterAll(async () => {
  await server.close();
  await deleteRedisKeys(prefix);
});

describe("Upstash REST server", () => {
  it("runs single commands and round-trips text through the base64 encoding", async () => {
    const text = "héllo wörld — 💊 \u0000 end";
    expect(await redis.set(`${prefix}text`, text)).toBe("OK");
    expect(await redis.get(`${prefix}text`)).toBe(text);
    expect(await redis.get(`${prefix}missing`)).toBeNull();
    expect(await redis.incr(`${prefix}count`)).toBe(1);
    expect(await redis.incrby(`${prefix}count`, 41)).toBe(42);
    await redis.rpush(`${prefix}list`, "a", "b", "c");
    expect(await redis.lrange(`${prefix}list`, 0, -1)).toEqual(["a", "b", "c"]);
    expect(await redis.ping()).toBe("PONG");
  });

  it("stores exactly what a plain Redis client reads back", async () => {
    await redis.set(`${prefix}shared`, "written over REST");
    const direct = createClient({ url: "redis://127.0.0.1:6379" });
    await direct.connect();
    expect(await direct.get(`${prefix}shared`)).toBe("written over REST");
    await direct.quit();
  });

  it("answers a command error with an error, not a crash", async () => {
    await redis.set(`${prefix}word`, "not a number");
    await expect(redis.incr(`${prefix}word`)).rejects.toThrow(/not an integer/);
  });

  it("runs pipelines in order, with per-command errors", async () => {
    const results = await redis.pipeline().set(`${prefix}p`, "1").incr(`${prefix}p`).get(`${prefix}p`).exec();
    expect(results).toEqual(["OK", 2, 2]);
    const withError = await redis.pipeline().set(`${prefix}q`, "x").incr(`${prefix}q`).get(`${prefix}q`).exec({ keepErrors: true });
    expect(withError[1].error).toMatch(/not an integer/);
    expect(withError[2].result).toBe("x");
  });

  it("runs MULTI/EXEC transactions", async () => {
    const results = await redis.multi().set(`${prefix}m`, "5").incrby(`${prefix}m`, 5).get(`${prefix}m`).exec();
    expect(results).toEqual(["OK", 10, 10]);
  });

  it("runs Lua scripts: EVALSHA fails with NOSCRIPT until EVAL has loaded the script", async () => {
    const script = `return redis.call("INCRBY", KEYS[1], ARGV[1])`;
    const sha = "0".repeat(40);
    await expect(redis.evalsha(sha, [`${prefix}lua`], ["1"])).rejects.toThrow(/NOSCRIPT/);
    expect(await redis.eval(script, [`${prefix}lua`], ["2"])).toBe(2);
    const loaded = await redis.scriptLoad(script);
    expect(await redis.evalsha(loaded, [`${prefix}lua`], ["3"])).toBe(5);
  });

  it("accepts Upstash's allow-key-locking script flag, and EVALSHA with the original script's SHA", async () => {
    const script = `#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])`;
    const sha = createHash("sha1").update(script).digest("hex");
    expect(await redis.eval(script, [`${prefix}flagged`], [])).toBe(1);
    expect(await redis.evalsha(sha, [`${prefix}flagged`], [])).toBe(2);
    expect(await redis.scriptLoad(script)).toBe(sha);
  });

  it("refuses a wrong or missing token", async () => {
    const intruder = new Redis({ url: server.url, token: "wrong", enableTelemetry: false, retry: { retries: 0 } });
    await expect(intruder.get(`${prefix}text`)).rejects.toThrow(/Unauthorized/);
    const response = await fetch(server.url, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(response.status).toBe(401);
  });

  it("refuses bodies that are not a command", async () => {
    const post = (path: string, body: string) => fetch(`${server.url}${path}`, { method: "POST", headers: { Authorization: `Bearer ${server.token}` }, body });
    expect((await post("/", "{not json")).status).toBe(400);
    expect((await post("/", JSON.stringify({ command: "PING" }))).status).toBe(400);
    expect((await post("/pipeline", JSON.stringify([["PING"], "PING"]))).status).toBe(400);
  });

  it("carries @upstash/ratelimit's sliding window: three allowed, the fourth refused", async () => {
    const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(3, "60 s"), prefix: `${prefix}rl`, ephemeralCache: false });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await ratelimit.limit("someone"));
    expect(results.map((result) => result.success)).toEqual([true, true, true, false]);
    expect(results.map((result) => result.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3].reset).toBeGreaterThan(Date.now());
  });
});
