// Rate limiting for /api/v1: 300 requests a minute per identifier, sliding window.
// Upstash Redis (shared by every instance) when UPSTASH_REDIS_REST_URL and _TOKEN are set;
// otherwise an in-process limiter with the same algorithm and the same answers, per instance.
// Edge-safe: runs in the middleware. A limiter that is slow (> 250 ms) or failing never hangs
// or fails a request: RATE_LIMIT_FAILURE_MODE decides (open: allow and log; closed: 503).
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";

import { createPipeliningRequester } from "@/lib/upstash-pipeline";

export const RATE_LIMIT = 300;
export const RATE_WINDOW_MS = 60_000;
export const LIMITER_TIMEOUT_MS = 250;

export type LimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, Unix milliseconds. */
  reset: number;
};

export type Limiter = { backend: "memory" | "upstash"; limit: (identifier: string) => Promise<LimitResult> };

type LimiterOptions = { limit?: number; windowMs?: number; now?: () => number };

/**
 * Upstash's sliding window, in memory: the current fixed window's count plus the previous
 * window's count weighted by how much of it still overlaps the last minute.
 */
export function createMemoryLimiter({ limit = RATE_LIMIT, windowMs = RATE_WINDOW_MS, now = Date.now }: LimiterOptions = {}): Limiter {
  const counts = new Map<string, { window: number; current: number; previous: number }>();
  let sweptWindow = 0;

  return {
    backend: "memory",
    async limit(identifier) {
      const time = now();
      const window = Math.floor(time / windowMs);
      if (window !== sweptWindow) {
        // Once a window: forget identifiers that have been quiet for two windows.
        for (const [id, entry] of counts) if (entry.window < window - 1) counts.delete(id);
        sweptWindow = window;
      }
      const entry = counts.get(identifier) ?? { window, current: 0, previous: 0 };
      if (entry.window !== window) {
        entry.previous = entry.window === window - 1 ? entry.current : 0;
        entry.current = 0;
        entry.window = window;
      }
      counts.set(identifier, entry);
      const reset = (window + 1) * windowMs;
      const weightedPrevious = Math.floor((1 - (time % windowMs) / windowMs) * entry.previous);
      if (weightedPrevious + entry.current >= limit) return { success: false, limit, remaining: 0, reset };
      entry.current += 1;
      return { success: true, limit, remaining: Math.max(0, limit - entry.current - weightedPrevious), reset };
    },
  };
}

export type UpstashOptions = LimiterOptions & { url: string; token: string; prefix: string; timeoutMs?: number };

export function createUpstashLimiter({ url, token, prefix, limit = RATE_LIMIT, windowMs = RATE_WINDOW_MS, timeoutMs = LIMITER_TIMEOUT_MS }: UpstashOptions): Limiter {
  // Commands go out batched, one HTTP request in flight at a time (lib/upstash-pipeline.ts):
  // Node's fetch costs about 0.5 ms of CPU a call, which at ten concurrent calls was most of
  // what the Upstash back end added. Each request's timeout still bounds a slow Redis.
  const redis = new Redis(createPipeliningRequester({ url, token, timeoutMs }));
  // Our own timeout (limitWithPolicy) replaces the library's, which would silently allow.
  const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(limit, `${windowMs} ms`), prefix, timeout: 0, analytics: false });
  return {
    backend: "upstash",
    async limit(identifier) {
      const { success, limit: max, remaining, reset } = await ratelimit.limit(identifier);
      return { success, limit: max, remaining, reset };
    },
  };
}

export type FailureMode = "open" | "closed";

export type RateDecision = { outcome: "allowed" | "limited" | "unavailable"; limit: number; remaining: number; reset: number };

let lastFailureLog = 0;

function logFailure(reason: string, mode: FailureMode) {
  // At most one line every 10 s: a Redis outage must not flood the log.
  if (Date.now() - lastFailureLog < 10_000) return;
  lastFailureLog = Date.now();
  console.warn(`Rate limiter unavailable (${reason}); failure mode "${mode}": requests are ${mode === "open" ? "allowed" : "refused with 503"}.`);
}

/** Asks the limiter, and applies the failure policy when it is too slow or fails. */
export async function limitWithPolicy(limiter: Limiter, identifier: string, mode: FailureMode, timeoutMs = LIMITER_TIMEOUT_MS): Promise<RateDecision> {
  // The in-process limiter cannot be slow or unreachable: no timer, no race, on every request.
  if (limiter.backend === "memory") return decide(await limiter.limit(identifier));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  let result: LimitResult | "timeout" | "error";
  try {
    result = await Promise.race([limiter.limit(identifier), timeout]);
  } catch (error) {
    result = "error";
    logFailure(error instanceof Error ? error.name : "error", mode);
  } finally {
    clearTimeout(timer);
  }
  if (result === "timeout" || result === "error") {
    if (result === "timeout") logFailure(`no answer within ${timeoutMs} ms`, mode);
    const fallback = { limit: RATE_LIMIT, remaining: RATE_LIMIT, reset: Date.now() + RATE_WINDOW_MS };
    return { outcome: mode === "open" ? "allowed" : "unavailable", ...fallback };
  }
  return decide(result);
}

function decide(result: LimitResult): RateDecision {
  return { outcome: result.success ? "allowed" : "limited", limit: result.limit, remaining: result.remaining, reset: result.reset };
}

/**
 * X-RateLimit-Limit: requests allowed per minute. X-RateLimit-Remaining: left in the window.
 * X-RateLimit-Reset: when the window ends, Unix seconds. Retry-After (refusals only): seconds.
 */
export function rateLimitHeaders(decision: RateDecision, now = Date.now()): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(decision.limit),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(Math.ceil(decision.reset / 1000)),
  };
  if (decision.outcome !== "allowed") headers["Retry-After"] = String(Math.max(1, Math.ceil((decision.reset - now) / 1000)));
  return headers;
}

export function failureMode(): FailureMode {
  return process.env.RATE_LIMIT_FAILURE_MODE === "closed" ? "closed" : "open";
}

export function ratePrefix(): string {
  return process.env.RATE_LIMIT_PREFIX || "hero:ratelimit";
}

let configured: Limiter | undefined;

/** The limiter this instance uses, chosen once from the environment and announced in the log. */
export function rateLimiter(): Limiter {
  if (configured) return configured;
  const url = process.env.UPSTASH_REDIS_REST_URL;
  const token = process.env.UPSTASH_REDIS_REST_TOKEN;
  if (url && token) {
    configured = createUpstashLimiter({ url, token, prefix: ratePrefix() });
    console.info(`Rate limiting: Upstash Redis, ${RATE_LIMIT} requests a minute per API key, shared by every instance.`);
  } else {
    configured = createMemoryLimiter();
    console.info(`Rate limiting: in-process (UPSTASH_REDIS_REST_URL/TOKEN not set), ${RATE_LIMIT} requests a minute per API key, counted per instance.`);
  }
  return configured;
}
