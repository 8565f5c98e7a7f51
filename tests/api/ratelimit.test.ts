// Both limiter back ends against the same contract, and the failure policy when Redis is slow or
// down. The Upstash back end runs the real @upstash/ratelimit through the REST server to Redis,
// over both of its HTTP clients: the library's fetch (Edge) and ours on node:http (Node.js).
import { randomBytes } from "node:crypto";
import http, { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { createNodeRequester } from "@/lib/node-runtime-setup";
import {
  createMemoryLimiter,
  createUpstashLimiter,
  LIMITER_RETRY_MS,
  LIMITER_TIMEOUT_MS,
  limiterTimeoutMs,
  limitWithPolicy,
  rateLimitHeaders,
  refundLandsWhereCounted,
  type Limiter,
  type UpstashOptions,
} from "@/lib/ratelimit";

import { deleteRedisKeys, startUpstashRestServer, type UpstashRestServer } from "../../scripts/upstash-rest-server";
import { clearOfMinuteEnd, forgetLimiters } from "../support/limiters";

const prefix = `test:ratelimit:${randomBytes(4).toString("hex")}`;
let rest: UpstashRestServer;
let silent: Server;
let silentUrl: string;
let silentRequests = 0;

beforeAll(async () => {
  rest = await startUpstashRestServer({ token: randomBytes(16).toString("hex") });
  // Accepts connections and never answers: a Redis that has become slow.
  silent = createServer(() => {
    silentRequests++;
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});

afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await rest.close();
  await deleteRedisKeys(prefix);
});

/**
 * The window of the tests that count exactly. With the real one-minute window a run would now
 * and then straddle a minute, and the sliding window lets a previous minute's count of 1 fall to
 * floor(0.99 × 1) = 0 at once: the tests would flake once a minute's boundary fell between two calls.
 */
const COUNTING_WINDOW_MS = 24 * 60 * 60_000;
/** The library's own fetch client, and ours over node:http. */
const CLIENTS: Array<UpstashOptions["requester"]> = [null, createNodeRequester];
const upstashOver = (requester: UpstashOptions["requester"], limit: number, windowMs = COUNTING_WINDOW_MS) =>
  createUpstashLimiter({ url: rest.url, token: rest.token, prefix: `${prefix}:${randomBytes(3).toString("hex")}`, limit, windowMs, requester });
/** One Upstash limiter per client. */
const upstash = (limit: number, windowMs = COUNTING_WINDOW_MS) => CLIENTS.map((requester) => upstashOver(requester, limit, windowMs));
const memory = (limit: number) => createMemoryLimiter({ limit, windowMs: COUNTING_WINDOW_MS });

async function run(limiter: Limiter, times: number, identifier = "key:abc") {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await limiter.limit(identifier));
  return results;
}

describe("rate limiter back ends", () => {
  it("give the same answers: the limit, then refusals, counted per identifier", async () => {
    for (const limiter of [memory(5), ...upstash(5)]) {
      const results = await run(limiter, 7);
      expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false, false]);
      expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
      expect(results.every((r) => r.limit === 5)).toBe(true);
      expect((await limiter.limit("key:other")).success).toBe(true);
    }
  });

  it("take a higher limit per call (an override) over the same counts, and report it", async () => {
    for (const limiter of [memory(3), ...upstash(3)]) {
      const first = await run(limiter, 4, "key:override");
      expect(first.map((r) => r.success)).toEqual([true, true, true, false]);
      const raised = [];
      for (let i = 0; i < 3; i++) raised.push(await limiter.limit("key:override", 5));
      expect(raised.map((r) => [r.success, r.limit])).toEqual([
        [true, 5],
        [true, 5],
        [false, 5],
      ]);
    }
  });

  it("count 400 concurrent calls on two Upstash instances exactly: 300 allowed, each with its own Remaining", async () => {
    // Each client on its own, and one instance of each side by side (an Edge and a Node.js instance).
    for (const [first, second] of [
      [null, null],
      [createNodeRequester, createNodeRequester],
      [null, createNodeRequester],
    ] as const) {
      const shared = {
        url: rest.url,
        token: rest.token,
        prefix: `${prefix}:exact:${randomBytes(3).toString("hex")}`,
        limit: 300,
        windowMs: COUNTING_WINDOW_MS,
      };
      const instances = [createUpstashLimiter({ ...shared, requester: first }), createUpstashLimiter({ ...shared, requester: second })];
      const results = await Promise.all(Array.from({ length: 400 }, (_, i) => instances[i % 2].limit("key:abc")));
      const allowed = results.filter((result) => result.success);
      expect(allowed).toHaveLength(300);
      expect(new Set(allowed.map((result) => result.remaining)).size).toBe(300);
    }
  });

  it("answer from Redis after a refusal: room freed by another instance is allowed at once", async () => {
    // The library's default ephemeral cache would block a refused identifier in this instance
    // until the window's end, whatever Redis says (a sliding window frees room before that).
    for (const requester of CLIENTS) {
      const shared = {
        url: rest.url,
        token: rest.token,
        prefix: `${prefix}:cache:${randomBytes(3).toString("hex")}`,
        limit: 3,
        windowMs: COUNTING_WINDOW_MS,
        requester,
      };
      const [first, second] = [createUpstashLimiter(shared), createUpstashLimiter(shared)];
      expect((await run(first, 4)).map((r) => r.success)).toEqual([true, true, true, false]);
      await second.refund("key:abc");
      expect(await first.remaining("key:abc")).toBe(1);
      expect((await first.limit("key:abc")).success).toBe(true);
    }
  });

  it("over node:http, send the calls of one turn in one request, each counted once", async () => {
    const limiter = upstashOver(createNodeRequester, 300);
    await limiter.limit("key:warm"); // loads the script
    const requests = vi.spyOn(http, "request");
    // Twenty calls from twenty callbacks of one turn, as the middleware makes them for twenty requests
    // (immediates queued together run in one turn; zero-delay timers may not on a loaded machine).
    const results = await Promise.all(
      Array.from({ length: 20 }, () => new Promise<Awaited<ReturnType<Limiter["limit"]>>>((resolve) => setImmediate(() => resolve(limiter.limit("key:turn"))))),
    );
    expect(requests).toHaveBeenCalledTimes(1);
    requests.mockRestore();
    expect(results.map((result) => result.remaining).sort((a, b) => b - a)).toEqual(Array.from({ length: 20 }, (_, i) => 299 - i));
  });

  it("report the end of the current one-minute window as the reset", async () => {
    for (const limiter of [createMemoryLimiter(), ...upstash(300, 60_000)]) {
      // The call must land in the window `before` is in.
      await clearOfMinuteEnd(2_000);
      const before = Date.now();
      const { reset, limit } = await limiter.limit("key:reset");
      expect(limit).toBe(300);
      expect(reset % 60_000).toBe(0);
      expect(reset).toBeGreaterThan(before);
      expect(reset).toBeLessThanOrEqual(before + 60_000);
    }
  });

  it("in memory, slides: the previous minute's requests count by how much of it is still in view", async () => {
    let now = 60_000 * 1000;
    const limiter = createMemoryLimiter({ limit: 10, now: () => now });
    expect((await run(limiter, 11)).filter((r) => r.success)).toHaveLength(10);
    now += 60_000; // the start of the next window: all 10 still count
    expect((await limiter.limit("key:abc")).success).toBe(false);
    now += 30_000; // half way: 5 of them still count
    expect((await run(limiter, 6)).map((r) => r.success)).toEqual([true, true, true, true, true, false]);
    now += 120_000; // two windows later: nothing counts
    expect((await limiter.limit("key:abc")).remaining).toBe(9);
  });

  it("in memory, forgets an identifier whose count is refunded to nothing (an invented key holds no memory)", async () => {
    let now = 60_000 * 1000;
    const limiter = createMemoryLimiter({ limit: 10, now: () => now });
    for (let i = 0; i < 50; i++) {
      await limiter.limit(`key:invented-${i}`);
      await limiter.refund(`key:invented-${i}`);
    }
    expect(limiter.size()).toBe(0);
    // A real key's count stays, and so does one with requests left in the previous window.
    await limiter.limit("key:real");
    await limiter.limit("key:real");
    await limiter.refund("key:real");
    expect(await limiter.remaining("key:real")).toBe(9);
    now += 60_000;
    await limiter.limit("key:real");
    await limiter.refund("key:real");
    expect(limiter.size()).toBe(1);
    expect(await limiter.remaining("key:real")).toBe(9);
  });
});

describe("refunding the middleware's count (refundKeyCount)", () => {
  const minute = 60_000;
  const start = 1000 * minute;

  it("refunds within the window the call was counted in", () => {
    expect(refundLandsWhereCounted(start + 30_000, start + 30_050, minute)).toBe(true);
    expect(refundLandsWhereCounted(start + 600, start + 650, minute)).toBe(true);
  });

  it("while Upstash is down, takes the count back in this instance, where the middleware made it, also from another bundle's copy of the module", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    vi.stubEnv("UPSTASH_REDIS_REST_URL", silentUrl);
    vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", "t");
    vi.stubEnv("RATE_LIMIT_TIMEOUT_MS", "100");
    forgetLimiters();
    try {
      // The middleware and the routes are bundled apart: each has its own copy of lib/ratelimit.ts.
      vi.resetModules();
      const middleware = await import("@/lib/ratelimit");
      vi.resetModules();
      const route = await import("@/lib/ratelimit");
      expect(route.refundKeyCount).not.toBe(middleware.refundKeyCount);

      await clearOfMinuteEnd(5_000);
      const intoMinute = Date.now() % 60_000;
      if (intoMinute < 1_000) await new Promise((resolve) => setTimeout(resolve, 1_000 - intoMinute));
      const hash = randomBytes(8).toString("hex");
      const limiter = middleware.rateLimiter();
      for (let i = 0; i < 3; i++) {
        expect(await middleware.limitWithPolicy(limiter, `key:${hash}`, "open")).toMatchObject({ outcome: "allowed", fallback: true });
        await route.refundKeyCount(hash, Date.now());
      }
      // Each count was taken back: this one is the only one.
      expect(await middleware.limitWithPolicy(limiter, `key:${hash}`, "open")).toMatchObject({ fallback: true, remaining: 299 });
    } finally {
      forgetLimiters();
      vi.unstubAllEnvs();
      vi.resetModules();
      warn.mockRestore();
      info.mockRestore();
    }
  });

  it("keeps the count near a window's start, where the middleware may have counted in the window before", () => {
    // Counted at 59.99 s, routed at 0.01 s: a refund would take one of the new window's requests.
    expect(refundLandsWhereCounted(start + 10, start + 20, minute)).toBe(false);
    expect(refundLandsWhereCounted(start + 59_000, start + minute + 100, minute)).toBe(false);
  });
});

describe("failure policy", () => {
  const over = (url: string, token: string) => CLIENTS.map((requester) => createUpstashLimiter({ url, token, prefix, requester }));
  const slow = () => over(silentUrl, "t");
  const down = () => over("http://127.0.0.1:9", "t");
  const refused = () => over(rest.url, "wrong-token");

  it("counts in this instance instead, and logs, when Redis is slow, down or refusing us (the default, open)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const limiter of [...slow(), ...down(), ...refused()]) {
      const decision = await limitWithPolicy(limiter, `key:${randomBytes(4).toString("hex")}`, "open");
      expect(decision).toMatchObject({ outcome: "allowed", limit: 300, remaining: 299 });
    }
    expect(warn).toHaveBeenCalled();
    expect(String(warn.mock.calls[0][0])).toContain("Rate limiter unavailable");
    warn.mockRestore();
  });

  it("after Redis fails, counts in process without asking it for LIMITER_RETRY_MS, where every call would wait out the timeout first", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const limiter of slow()) {
      const before = silentRequests;
      expect((await limitWithPolicy(limiter, "key:retry", "open")).fallback).toBe(true);
      expect((await limitWithPolicy(limiter, "key:retry", "open")).fallback).toBe(true);
      expect(silentRequests - before).toBe(1);
      // Once that has passed, the next call asks Redis again.
      const now = vi.spyOn(Date, "now").mockReturnValue(Date.now() + LIMITER_RETRY_MS);
      expect((await limitWithPolicy(limiter, "key:retry", "open")).fallback).toBe(true);
      now.mockRestore();
      expect(silentRequests - before).toBe(2);
    }
    warn.mockRestore();
  });

  it("closed, asks Redis every time: one failure refuses only the calls it met", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const [limiter] = slow();
    const before = silentRequests;
    for (let i = 0; i < 2; i++) expect((await limitWithPolicy(limiter, "key:closed", "closed")).outcome).toBe("unavailable");
    expect(silentRequests - before).toBe(2);
    warn.mockRestore();
  });

  it("refuses with 503 semantics when RATE_LIMIT_FAILURE_MODE=closed", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const limiter of [...slow(), ...down()]) {
      const before = Date.now();
      const decision = await limitWithPolicy(limiter, "key:abc", "closed");
      expect(decision.outcome).toBe("unavailable");
      // The window's end, as when Redis answers.
      expect(decision.reset % 60_000).toBe(0);
      expect(decision.reset).toBeGreaterThan(before);
      expect(rateLimitHeaders(decision)["Retry-After"]).toBeDefined();
    }
    warn.mockRestore();
  });

  it("waits RATE_LIMIT_TIMEOUT_MS for Upstash when it is a positive whole number of ms, else 1 s", () => {
    for (const [configured, expected] of [
      ["10000", 10_000],
      ["250", 250],
      ["0", LIMITER_TIMEOUT_MS],
      ["soon", LIMITER_TIMEOUT_MS],
      ["", LIMITER_TIMEOUT_MS],
    ] as const) {
      vi.stubEnv("RATE_LIMIT_TIMEOUT_MS", configured);
      expect(limiterTimeoutMs()).toBe(expected);
    }
    vi.unstubAllEnvs();
  });

  it("passes a working limiter's answer through, Upstash or in-process", async () => {
    for (const limiter of [...upstash(1), memory(1)]) {
      expect(await limitWithPolicy(limiter, "key:abc", "closed")).toMatchObject({ outcome: "allowed", limit: 1, remaining: 0 });
      expect((await limitWithPolicy(limiter, "key:abc", "closed")).outcome).toBe("limited");
    }
  });
});

describe("rate limit headers", () => {
  it("give limit, remaining and reset in Unix seconds; Retry-After only on refusals", () => {
    const now = 1_700_000_010_000;
    const allowed = rateLimitHeaders({ outcome: "allowed", limit: 300, remaining: 299, reset: 1_700_000_040_000 }, now);
    expect(allowed).toEqual({ "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299", "X-RateLimit-Reset": "1700000040" });
    const limited = rateLimitHeaders({ outcome: "limited", limit: 300, remaining: 0, reset: 1_700_000_040_000 }, now);
    expect(limited["Retry-After"]).toBe("30");
  });
});
