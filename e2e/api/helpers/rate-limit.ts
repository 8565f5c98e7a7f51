// Sending bursts at the rate limit and reading its answers, shared by the rate-limit specs.
import { expect, type APIResponse } from "@playwright/test";

import { clearOfMinuteEnd } from "../../../tests/support/limiters";

// A burst that straddles the start of a minute is counted in two windows: started with 25 s of
// the minute left, the bursts here end within it.
export const startEarlyInAMinute = () => clearOfMinuteEnd(25_000);

/** `count` requests, twenty at a time; `send` gets the request's number. */
export async function burst(count: number, send: (index: number) => Promise<APIResponse>) {
  const responses: APIResponse[] = [];
  for (let sent = 0; sent < count; sent += 20) {
    responses.push(...(await Promise.all(Array.from({ length: Math.min(20, count - sent) }, (_, i) => send(sent + i)))));
  }
  return responses;
}

export function expectRefusal(response: APIResponse) {
  expect(response.status()).toBe(429);
  const headers = response.headers();
  expect(headers["x-ratelimit-limit"]).toBe("300");
  expect(headers["x-ratelimit-remaining"]).toBe("0");
  const retryAfter = Number(headers["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const reset = Number(headers["x-ratelimit-reset"]);
  expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
  expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
}

/**
 * Checks that every answer of the burst had `status` and its own X-RateLimit-Remaining (the
 * counter is one, not several), then that the next request is refused. The e2e servers give
 * Upstash 10 s (RATE_LIMIT_TIMEOUT_MS), so no answer here comes from the in-process fallback.
 */
export async function expectLimitReached(answered: APIResponse[], send: () => Promise<APIResponse>, status: number) {
  expect(answered.map((response) => response.status()).filter((s) => s !== status)).toEqual([]);
  const counted = answered.map((response) => Number(response.headers()["x-ratelimit-remaining"]));
  expect(new Set(counted).size).toBe(counted.length);
  const next = await send();
  expectRefusal(next);
  return { counted, next };
}
