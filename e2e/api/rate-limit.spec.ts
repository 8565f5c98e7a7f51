// 300 requests a minute per API key, on both back ends: the in-process limiter (first instance)
// and Upstash over real Redis (second instance). Every response carries the X-RateLimit-*
// headers; the 301st request in the minute is 429 rate_limit_exceeded with Retry-After.
import { createHash, randomBytes } from "node:crypto";

import { expect, test, type APIResponse } from "@playwright/test";
import { createClient } from "redis";

import { apiHeaders, BACKENDS, connect, createUserKey } from "./helpers/partner-api";
import { burst, expectLimitReached, startEarlyInAMinute } from "./helpers/rate-limit";

for (const [backend, base] of Object.entries(BACKENDS)) {
  test.describe(`${backend} limiter`, () => {
    test("300 requests in a minute pass with counting headers; the 301st is 429 with Retry-After", async ({ request }) => {
      test.setTimeout(120_000);
      const { key, practice } = await connect();
      const other = await connect();
      await startEarlyInAMinute();
      const send = () => request.get(`${base}/api/v1/practice-groups`, { headers: apiHeaders({ key, practiceGroupId: practice.id }) });

      const allowed = await burst(300, send);
      const { counted, next } = await expectLimitReached(allowed, send, 200);
      // Every request counted, each with its own number, on either back end.
      expect(counted.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
      expect(await next.json()).toEqual({ error: "rate_limit_exceeded", message: expect.any(String) });

      // The limit is per key: another key on the same instance is unaffected.
      const otherResponse = await request.get(`${base}/api/v1/practice-groups`, {
        headers: apiHeaders({ key: other.key, practiceGroupId: other.practice.id }),
      });
      expect(otherResponse.status()).toBe(200);
    });

    test("calls refused for their credential do not use up the key's limit: a user key sent without its owner's username", async ({ request }) => {
      test.setTimeout(120_000);
      const { practice } = await connect();
      const { key, username } = await createUserKey(practice);
      await startEarlyInAMinute();
      const address = () => `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}::1`;
      const guesser = address();
      const guess = (index: number) =>
        request.get(`${base}/api/v1/practice-groups`, {
          headers: { ...apiHeaders({ key, practiceGroupId: practice.id, username: `guess-${index}` }), "x-forwarded-for": guesser },
        });
      // 401 until the guesser's address reaches its failure limit, then 429 for the address.
      const refused = await burst(40, guess);
      expect(refused.map((response) => response.status()).filter((status) => status !== 401 && status !== 429)).toEqual([]);
      const owner = await request.get(`${base}/api/v1/practice-groups`, {
        headers: { ...apiHeaders({ key, practiceGroupId: practice.id, username }), "x-forwarded-for": address() },
      });
      expect([owner.status(), owner.headers()["x-ratelimit-remaining"]]).toEqual([200, "299"]);
    });

    test("requests without a key are limited per client address", async ({ request }) => {
      test.setTimeout(120_000);
      await startEarlyInAMinute();
      // The servers trust one proxy (this spec): the address it records is the client's.
      const address = `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}::1`;
      const send = () => request.get(`${base}/api/v1/practice-groups`, { headers: { "x-forwarded-for": address } });
      await expectLimitReached(await burst(300, send), send, 401);
    });
  });
}

// The identifier code is the same for both back ends; the in-process one counts exactly.
test("an access token counts against the key it was issued for", async ({ request }) => {
  const { key, practice } = await connect();
  await startEarlyInAMinute();
  const remaining = (response: APIResponse) => response.headers()["x-ratelimit-remaining"];
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  expect(remaining(await request.get("/api/v1/practice-groups", { headers }))).toBe("299");
  const exchange = await request.post("/api/v1/access_token", { headers });
  expect(remaining(exchange)).toBe("298");
  const { access_token } = await exchange.json();
  const withToken = await request.get("/api/v1/practice-groups", { headers: apiHeaders({ token: access_token, practiceGroupId: practice.id }) });
  expect([withToken.status(), remaining(withToken)]).toEqual([200, "297"]);
});

test("the Upstash instance keeps its counts in Redis under the key's SHA-256, never the key", async ({ request }) => {
  const { key, practice } = await connect();
  await request.get(`${BACKENDS.upstash}/api/v1/practice-groups`, { headers: apiHeaders({ key, practiceGroupId: practice.id }) });
  const prefix = process.env.RATE_LIMIT_PREFIX!;
  const redis = createClient({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
  await redis.connect();
  try {
    const hash = createHash("sha256").update(key).digest("hex");
    const counted: string[] = [];
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:key:${hash}:*` })) counted.push(...keys);
    expect(counted.length).toBeGreaterThan(0);
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*` })) for (const name of keys) expect(name).not.toContain(key);
  } finally {
    await redis.quit();
  }
});

test("a keyless request to the memory instance still gets the headers", async ({ request }) => {
  const response = await request.get(`${BACKENDS.memory}/api/v1/openapi.json`, {
    headers: { "x-forwarded-for": `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}::1` },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()["x-ratelimit-limit"]).toBe("300");
  expect(response.headers()["x-ratelimit-remaining"]).toBe("299");
});
