// The batching requester between the rate limiter and Upstash, through the REST server to a real
// Redis: concurrent commands share HTTP requests, yet every one is counted exactly once, and one
// command's error or a failed request never answers for anybody else.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createUpstashLimiter } from "@/lib/ratelimit";
import { createPipeliningRequester } from "@/lib/upstash-pipeline";

import { deleteRedisKeys, startUpstashRestServer, type UpstashRestServer } from "../../scripts/upstash-rest-server";

const prefix = `test:pipeline:${randomBytes(4).toString("hex")}`;
let rest: UpstashRestServer;

beforeAll(async () => {
  rest = await startUpstashRestServer({ token: randomBytes(16).toString("hex") });
});

afterAll(async () => {
  await rest.close();
  await deleteRedisKeys(prefix);
});

/**
 * A server in front of the REST server, seeing every request: `answer` (n counts from 1) fails
 * it with 503, leaves it unanswered, or passes it on and adds the given response headers.
 */
async function withFront(
  answer: (n: number) => "fail" | "silent" | Record<string, string>,
  run: (front: { url: string; received: IncomingHttpHeaders[] }) => Promise<void>,
) {
  const received: IncomingHttpHeaders[] = [];
  const front = createServer(async (request, response) => {
    received.push(request.headers);
    const decision = answer(received.length);
    if (decision === "silent") return;
    if (decision === "fail") return void response.writeHead(503).end();
    const body = await new Promise<string>((resolve) => {
      let text = "";
      request.on("data", (chunk) => (text += chunk)).on("end", () => resolve(text));
    });
    const upstream = await fetch(`${rest.url}${request.url}`, {
      method: "POST",
      headers: { authorization: String(request.headers.authorization), "content-type": "application/json" },
      body,
    });
    response.writeHead(upstream.status, { "content-type": "application/json", ...decision }).end(await upstream.text());
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  try {
    await run({ url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`, received });
  } finally {
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
  }
}

describe("pipelining requester", () => {
  it("sends a lone command at once, in a request of its own", async () => {
    await withFront(
      () => ({}),
      async (front) => {
        const redis = new Redis(createPipeliningRequester({ url: front.url, token: rest.token, timeoutMs: 2000 }));
        await redis.set(`${prefix}:lone`, "1");
        expect(await redis.get(`${prefix}:lone`)).toBe(1);
        expect(front.received).toHaveLength(2);
      },
    );
  });

  it("counts 400 concurrent calls on two instances exactly: 300 allowed, in far fewer requests than calls", async () => {
    await withFront(
      () => ({}),
      async (front) => {
        const shared = { url: front.url, token: rest.token, prefix: `${prefix}:exact`, limit: 300, timeoutMs: 2000 };
        const instances = [createUpstashLimiter(shared), createUpstashLimiter(shared)];
        await instances[0].limit("key:warm-the-script"); // the first call loads the script (EVALSHA, then EVAL)
        const before = front.received.length;

        const results = await Promise.all(Array.from({ length: 400 }, (_, i) => instances[i % 2].limit("key:abc")));

        expect(results.filter((result) => result.success)).toHaveLength(300);
        expect(new Set(results.filter((result) => result.success).map((result) => result.remaining)).size).toBe(300);
        const requests = front.received.length - before;
        expect(requests).toBeGreaterThanOrEqual(2);
        expect(requests).toBeLessThan(400 / 10);
      },
    );
  });

  it("answers each command with its own reply: one command's error fails only that command", async () => {
    const redis = new Redis(createPipeliningRequester({ url: rest.url, token: rest.token, timeoutMs: 2000 }));
    await redis.set(`${prefix}:a`, "alpha");
    const [missingScript, value, count] = await Promise.allSettled([
      redis.evalsha("0000000000000000000000000000000000000000", [], []),
      redis.get(`${prefix}:a`),
      redis.incr(`${prefix}:n`),
    ]);
    expect(missingScript.status).toBe("rejected");
    expect(String((missingScript as PromiseRejectedResult).reason)).toContain("NOSCRIPT");
    expect(value).toEqual({ status: "fulfilled", value: "alpha" });
    expect(count).toEqual({ status: "fulfilled", value: 1 });
  });

  it("fails every command of a refused request, without quoting the token", async () => {
    const wrong = `wrong-${randomBytes(8).toString("hex")}`;
    const refused = new Redis(createPipeliningRequester({ url: rest.url, token: wrong, timeoutMs: 2000 }));
    const failures = await Promise.allSettled([refused.get(`${prefix}:a`), refused.get(`${prefix}:b`)]);
    for (const failure of failures) {
      expect(failure.status).toBe("rejected");
      expect(String((failure as PromiseRejectedResult).reason)).toContain("HTTP 401");
      expect(String((failure as PromiseRejectedResult).reason)).not.toContain(wrong);
    }
  });

  it("fails the commands queued behind a request that timed out, without sending them", async () => {
    await withFront(
      () => "silent",
      async (front) => {
        const redis = new Redis(createPipeliningRequester({ url: front.url, token: rest.token, timeoutMs: 300 }));
        const results = await Promise.allSettled([redis.get(`${prefix}:a`), redis.get(`${prefix}:b`)]);
        expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
        expect(String((results[1] as PromiseRejectedResult).reason)).toContain("did not answer in time");
        expect(front.received).toHaveLength(1);
      },
    );
  });

  it("refuses a command at once when 5,000 are already waiting for a slow Redis", async () => {
    await withFront(
      () => "silent",
      async (front) => {
        // Long enough that all 5,002 are queued before the first request times out, on a busy machine too.
        const redis = new Redis(createPipeliningRequester({ url: front.url, token: rest.token, timeoutMs: 3000 }));
        // The first goes out (and hangs); 5,000 wait behind it; the next is one too many.
        const results = await Promise.allSettled(Array.from({ length: 5_002 }, (_, i) => redis.get(`${prefix}:${i}`)));
        const reasons = results.map((result) => (result.status === "rejected" ? String(result.reason) : "answered"));
        expect(reasons[5_001]).toContain("Too many rate-limit commands waiting");
        expect(reasons.slice(1, 5_001).every((reason) => reason.includes("did not answer in time"))).toBe(true);
        expect(front.received).toHaveLength(1);
      },
    );
  });

  it("keeps the line open after a failed request: the batch after it is sent and answered", async () => {
    await withFront(
      (n) => (n === 1 ? "fail" : {}),
      async (front) => {
        const redis = new Redis(createPipeliningRequester({ url: front.url, token: rest.token, timeoutMs: 2000 }));
        const [first, second] = await Promise.allSettled([redis.get(`${prefix}:a`), redis.get(`${prefix}:a`)]);
        expect(first.status).toBe("rejected");
        expect(second).toEqual({ status: "fulfilled", value: "alpha" });
      },
    );
  });

  it("sends back Upstash's read-your-writes token, as @upstash/redis's own client does", async () => {
    await withFront(
      (n) => ({ "upstash-sync-token": `sync-${n}` }),
      async (front) => {
        const redis = new Redis(createPipeliningRequester({ url: front.url, token: rest.token, timeoutMs: 2000 }));
        await redis.incr(`${prefix}:synced`);
        await redis.get(`${prefix}:synced`);
        expect(front.received.map((headers) => headers["upstash-sync-token"])).toEqual([undefined, "sync-1"]);
      },
    );
  });
});
