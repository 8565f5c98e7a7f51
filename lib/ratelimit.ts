// Rate limiting for /api/v1: 300 requests a minute per identifier, sliding window.
// Upstash Redis (shared by every instance) when UPSTASH_REDIS_REST_URL and _TOKEN are set;
// otherwise an in-process limiter with the same algorithm and the same answers, per instance.
// Edge-safe: runs in the middleware. A Redis that does not answer never hangs or fails a
// request: RATE_LIMIT_FAILURE_MODE decides (open: count in this instance instead; closed: 503).
// A second, smaller budget counts failed authentications per client address (AUTH_FAILURE_LIMIT).
import { Ratelimit } from "@upstash/ratelimit";
import { Redis, type Requester } from "@upstash/redis";

import { RATE_LIMIT_HEADERS } from "@/lib/api/headers";
import { positiveIntegerEnv } from "@/lib/env";
import { AUTH_FAILURE_LIMIT, PUBLIC_PAGE_LIMIT, RATE_LIMIT, RATE_WINDOW_MS } from "@/lib/limits";
import { nodeRuntime, type NodeRuntime } from "@/lib/node-runtime";

/** An Upstash request not answered this long after it was sent counts as Redis not answering (RATE_LIMIT_TIMEOUT_MS). */
export const LIMITER_TIMEOUT_MS = 1_000;

export function limiterTimeoutMs(): number {
  return positiveIntegerEnv("RATE_LIMIT_TIMEOUT_MS", LIMITER_TIMEOUT_MS);
}
export function authFailureLimit(): number {
  return positiveIntegerEnv("API_AUTH_FAILURE_LIMIT", AUTH_FAILURE_LIMIT);
}

// Higher limits set by Hero support, by limiter identifier (`key:<key hash>`). Loaded from the
// database off the request path (lib/rate-limit-overrides.ts, started by instrumentation.ts)
// into a process-wide global that the middleware reads: no database query per request. Loads
// are numbered there too, as they run from several bundles (the periodic refresh, an action).
const OVERRIDES = Symbol.for("hero.rateLimitOverrides");
type Overrides = { limits: ReadonlyMap<string, number>; started: number; applied: number };
type OverrideRegistry = { [OVERRIDES]?: Overrides };

function overrides(): Overrides {
  return ((globalThis as OverrideRegistry)[OVERRIDES] ??= { limits: new Map(), started: 0, applied: 0 });
}

/** Numbers a load before it reads: setRateLimitOverrides keeps the latest-started load's limits. */
export function startOverrideLoad(): number {
  return ++overrides().started;
}

/** Applies a load's limits, unless a load started after it has applied already. */
export function setRateLimitOverrides(limits: ReadonlyMap<string, number>, load = startOverrideLoad()) {
  const registry = overrides();
  if (load < registry.applied) return;
  registry.applied = load;
  registry.limits = limits;
}

export function rateLimitOverride(identifier: string): number | undefined {
  return (globalThis as OverrideRegistry)[OVERRIDES]?.limits.get(identifier);
}

export type LimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, Unix milliseconds. */
  reset: number;
};

export type Limiter = {
  backend: "memory" | "upstash";
  limitPerWindow: number;
  windowMs: number;
  /** Counts one request and says whether it is allowed; `max` replaces the limit (an override). */
  limit: (identifier: string, max?: number) => Promise<LimitResult>;
  /** What is left in the window, without counting anything. */
  remaining: (identifier: string) => Promise<number>;
  /** Takes back one counted request (a sign-in attempt that turned out not to be a failure). */
  refund: (identifier: string) => Promise<void>;
};

type LimiterOptions = { limit?: number; windowMs?: number; now?: () => number };

/**
 * Upstash's sliding window, in memory: the current fixed window's count plus the previous
 * window's count weighted by how much of it still overlaps the last minute.
 */
export function createMemoryLimiter({ limit = RATE_LIMIT, windowMs = RATE_WINDOW_MS, now = Date.now }: LimiterOptions = {}): Limiter & { size: () => number } {
  type Entry = { window: number; current: number; previous: number };
  const counts = new Map<string, Entry>();
  let sweptWindow = 0;

  /** The identifier's counts, rolled forward to the current window. */
  function entryAt(identifier: string, window: number): Entry {
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
    return entry;
  }

  function used(entry: Entry, time: number) {
    return Math.floor((1 - (time % windowMs) / windowMs) * entry.previous) + entry.current;
  }

  return {
    backend: "memory",
    limitPerWindow: limit,
    windowMs,
    async limit(identifier, max = limit) {
      const time = now();
      const window = Math.floor(time / windowMs);
      const entry = entryAt(identifier, window);
      counts.set(identifier, entry);
      const reset = windowEnd(windowMs, time);
      if (used(entry, time) >= max) return { success: false, limit: max, remaining: 0, reset };
      entry.current += 1;
      return { success: true, limit: max, remaining: Math.max(0, max - used(entry, time)), reset };
    },
    async remaining(identifier) {
      const time = now();
      const entry = counts.get(identifier);
      return entry ? Math.max(0, limit - used(entryAt(identifier, Math.floor(time / windowMs)), time)) : limit;
    },
    async refund(identifier) {
      const entry = counts.get(identifier);
      if (!entry) return;
      const rolled = entryAt(identifier, Math.floor(now() / windowMs));
      if (rolled.current > 0) rolled.current -= 1;
      // Nothing left to count: forget it now, so a request refunded at once (an invented key's)
      // holds no memory.
      if (rolled.current === 0 && rolled.previous === 0) counts.delete(identifier);
    },
    /** How many identifiers it holds. */
    size: () => counts.size,
  };
}

export type UpstashOptions = LimiterOptions & {
  url: string;
  token: string;
  prefix: string;
  timeoutMs?: number;
  /** How requests reach Upstash: by default the Node.js client when installed (lib/node-runtime.ts), else the library's fetch. */
  requester?: NodeRuntime["upstashRequester"] | null;
};

/** @upstash/redis over a requester of our own, with the library's auto-pipelining, which its constructor only sets up for its own client. */
class PipelinedRedis extends Redis {
  constructor(requester: Requester) {
    super(requester);
    return this.autoPipeline();
  }
}

export function createUpstashLimiter({
  url,
  token,
  prefix,
  limit = RATE_LIMIT,
  windowMs = RATE_WINDOW_MS,
  timeoutMs = LIMITER_TIMEOUT_MS,
  requester = nodeRuntime()?.upstashRequester,
}: UpstashOptions): Limiter {
  // @upstash/redis's own auto-pipelining batches the commands of concurrent calls into one
  // request (it beat a batcher of our own: BENCHMARKS.md), over either client. No retries, and
  // each HTTP request aborted timeoutMs after it is sent: a slow Redis fails fast, and
  // limitWithPolicy applies the failure policy instead of the library's timeout, which would
  // silently allow.
  const redis = requester
    ? new PipelinedRedis(requester({ url, token, timeoutMs }))
    : new Redis({
        url,
        token,
        enableAutoPipelining: true,
        retry: { retries: 0 },
        signal: () => AbortSignal.timeout(timeoutMs),
        enableTelemetry: false,
        latencyLogging: false,
      });
  // One Ratelimit per limit, on one prefix: an override changes the limit the counts are
  // compared with, not the counts. No ephemeral cache: it would refuse a blocked identifier in
  // this instance until the window's end, though the window slides and other instances refund.
  const byLimit = new Map<number, Ratelimit>();
  const ratelimitFor = (max: number) => {
    let ratelimit = byLimit.get(max);
    if (!ratelimit)
      byLimit.set(
        max,
        (ratelimit = new Ratelimit({
          redis,
          limiter: Ratelimit.slidingWindow(max, `${windowMs} ms`),
          prefix,
          timeout: 0,
          analytics: false,
          ephemeralCache: false,
        })),
      );
    return ratelimit;
  };
  return {
    backend: "upstash",
    limitPerWindow: limit,
    windowMs,
    async limit(identifier, max = limit) {
      const { success, limit: allowed, remaining, reset } = await ratelimitFor(max).limit(identifier);
      return { success, limit: allowed, remaining, reset };
    },
    async remaining(identifier) {
      return (await ratelimitFor(limit).getRemaining(identifier)).remaining;
    },
    async refund(identifier) {
      // The library's refund: a negative rate is never refused and takes the count back.
      await ratelimitFor(limit).limit(identifier, { rate: -1 });
    },
  };
}

export type FailureMode = "open" | "closed";

export type RateDecision = {
  outcome: "allowed" | "limited" | "unavailable";
  limit: number;
  remaining: number;
  reset: number;
  /** Counted in this instance because Redis did not answer. */
  fallback?: true;
};

let lastFailureLog = 0;

function logFailure(reason: string, mode: FailureMode) {
  // At most one line every 10 s: a Redis outage must not flood the log.
  if (Date.now() - lastFailureLog < 10_000) return;
  lastFailureLog = Date.now();
  console.warn(
    `Rate limiter unavailable (${reason}); failure mode "${mode}": ${mode === "open" ? "counting in this instance instead (exact per instance, not shared)" : "requests are refused with 503"}.`,
  );
}

// Per process, shared by every bundle as the limiters are (LIMITERS below): the route's refund
// must see the rest and the fallback counts of the middleware's copy of this module.
const POLICY = Symbol.for("hero.limiter-policy");
type PolicyState = { fallbacks: WeakMap<Limiter, Limiter>; failedUntil: WeakMap<Limiter, number> };
const policy = ((globalThis as { [POLICY]?: PolicyState })[POLICY] ??= { fallbacks: new WeakMap(), failedUntil: new WeakMap() });

/** Where an unreachable Redis's counting goes in "open" mode: never unlimited, exact per instance. One per limiter, with its window. */
function fallbackFor(limiter: Limiter) {
  let fallback = policy.fallbacks.get(limiter);
  if (!fallback) policy.fallbacks.set(limiter, (fallback = createMemoryLimiter({ limit: limiter.limitPerWindow, windowMs: limiter.windowMs })));
  return fallback;
}

/**
 * After Redis fails, how long an "open" limiter counts in process without asking it: every call
 * would wait out the timeout first (a second more on every API call while Upstash is down). The
 * first call after it asks again. "closed" asks every time: one failure would otherwise refuse
 * every call for that long, where a blip refuses only the calls it met.
 */
export const LIMITER_RETRY_MS = 5_000;
const resting = (limiter: Limiter) => (policy.failedUntil.get(limiter) ?? 0) > Date.now();

/**
 * Asks the limiter, and applies the failure policy when it fails. The Upstash requester bounds
 * each HTTP request itself (limiterTimeoutMs() from when it is sent, so a command waiting its
 * turn under load is not counted as Redis being slow); a failure is its error.
 */
export async function limitWithPolicy(limiter: Limiter, identifier: string, mode: FailureMode, max = limiter.limitPerWindow): Promise<RateDecision> {
  if (mode === "closed" || !resting(limiter)) {
    try {
      return decide(await limiter.limit(identifier, max));
    } catch (error) {
      // The in-process limiter never fails: this is Redis.
      if (mode === "open") policy.failedUntil.set(limiter, Date.now() + LIMITER_RETRY_MS);
      logFailure(error instanceof Error ? error.message.slice(0, 80) : "error", mode);
    }
  }
  if (mode === "closed") return { outcome: "unavailable", limit: max, remaining: 0, reset: windowEnd(limiter.windowMs) };
  return { ...decide(await fallbackFor(limiter).limit(identifier, max)), fallback: true };
}

/**
 * Takes back one count made by limitWithPolicy, in the store that made it, while its window
 * lasts: a refund lands in the current window, so one made later would take from another
 * window's count. A refund that fails leaves the count (one failure too many, never too few).
 */
export async function refundWithPolicy(limiter: Limiter, identifier: string, decision: RateDecision) {
  if (decision.outcome !== "allowed" || Date.now() >= decision.reset) return;
  // Redis just failed: the refund would wait out the timeout too, and fail.
  if (!decision.fallback && resting(limiter)) return;
  await (decision.fallback ? fallbackFor(limiter) : limiter).refund(identifier).catch(() => {});
}

/** When the current fixed window ends, Unix milliseconds: what every back end reports as the reset. */
function windowEnd(windowMs: number, now = Date.now()) {
  return (Math.floor(now / windowMs) + 1) * windowMs;
}

function decide(result: LimitResult): RateDecision {
  return { outcome: result.success ? "allowed" : "limited", limit: result.limit, remaining: result.remaining, reset: result.reset };
}

/** The headers lib/api/headers.ts documents: the limit, what is left, the window's end (Unix seconds), Retry-After on refusals. */
export function rateLimitHeaders(decision: RateDecision, now = Date.now()): Record<string, string> {
  const { limit, remaining, reset, retryAfter } = RATE_LIMIT_HEADERS;
  const headers: Record<string, string> = {
    [limit.name]: String(decision.limit),
    [remaining.name]: String(decision.remaining),
    [reset.name]: String(Math.ceil(decision.reset / 1000)),
  };
  if (decision.outcome !== "allowed") headers[retryAfter.name] = String(retryAfterSeconds(decision, now));
  return headers;
}

/** Whole seconds until the decision's window ends, at least 1: Retry-After. */
export function retryAfterSeconds(decision: RateDecision, now = Date.now()) {
  return Math.max(1, Math.ceil((decision.reset - now) / 1000));
}

export function failureMode(): FailureMode {
  return process.env.RATE_LIMIT_FAILURE_MODE === "closed" ? "closed" : "open";
}

export function ratePrefix(): string {
  return process.env.RATE_LIMIT_PREFIX || "hero:ratelimit";
}

/** Failed sign-ins per account and per client address in SIGN_IN_WINDOW_MS, then refused until it passes. */
export const SIGN_IN_ACCOUNT_LIMIT = 10;
export const SIGN_IN_ADDRESS_LIMIT = 100;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

type Limiters = { requests: Limiter; authFailures: Limiter; signInAccount: Limiter; signInAddress: Limiter; publicPages: Limiter };
// One set per process, shared by every bundle through a global (as the overrides above): the
// middleware counts a call and its route may take the count back (refundKeyCount), and the
// in-process limiter's counts must be the same ones for both.
const LIMITERS = Symbol.for("hero.limiters");
type LimiterRegistry = { [LIMITERS]?: Limiters };

/** The limiters this instance uses, chosen once from the environment and announced in the log. */
function limiters(): Limiters {
  return ((globalThis as LimiterRegistry)[LIMITERS] ??= configureLimiters());
}

function configureLimiters(): Limiters {
  let configured: Limiters;
  const url = process.env.UPSTASH_REDIS_REST_URL;
  const token = process.env.UPSTASH_REDIS_REST_TOKEN;
  if (url && token) {
    const timeoutMs = limiterTimeoutMs();
    const upstash = (suffix: string, options: LimiterOptions) =>
      createUpstashLimiter({ url, token, timeoutMs, prefix: `${ratePrefix()}:${suffix}`, ...options });
    configured = {
      requests: createUpstashLimiter({ url, token, timeoutMs, prefix: ratePrefix() }),
      authFailures: upstash("auth-failures", { limit: authFailureLimit() }),
      signInAccount: upstash("sign-in-account", { limit: SIGN_IN_ACCOUNT_LIMIT, windowMs: SIGN_IN_WINDOW_MS }),
      signInAddress: upstash("sign-in-address", { limit: SIGN_IN_ADDRESS_LIMIT, windowMs: SIGN_IN_WINDOW_MS }),
      publicPages: upstash("public-pages", { limit: PUBLIC_PAGE_LIMIT }),
    };
    console.info(`Rate limiting: Upstash Redis, ${RATE_LIMIT} requests a minute per API key, shared by every instance.`);
  } else {
    configured = {
      requests: createMemoryLimiter(),
      authFailures: createMemoryLimiter({ limit: authFailureLimit() }),
      signInAccount: createMemoryLimiter({ limit: SIGN_IN_ACCOUNT_LIMIT, windowMs: SIGN_IN_WINDOW_MS }),
      signInAddress: createMemoryLimiter({ limit: SIGN_IN_ADDRESS_LIMIT, windowMs: SIGN_IN_WINDOW_MS }),
      publicPages: createMemoryLimiter({ limit: PUBLIC_PAGE_LIMIT }),
    };
    console.info(`Rate limiting: in-process (UPSTASH_REDIS_REST_URL/TOKEN not set), ${RATE_LIMIT} requests a minute per API key, counted per instance.`);
  }
  return configured;
}

/** 300 requests a minute per API key (or per client address for requests without a usable key). */
export function rateLimiter(): Limiter {
  return limiters().requests;
}

/**
 * Takes back the middleware's count of a call refused before its credential verified (an invalid
 * key, a user key without its owner's username, the address's failure limit): someone holding
 * only half of a user key's credential must not use up its owner's limit. Those calls are limited
 * per address instead (lib/api/auth-failures.ts). Only within the window the call was counted in.
 */
export async function refundKeyCount(keyHash: string, countedAt: number) {
  const limiter = rateLimiter();
  if (!refundLandsWhereCounted(countedAt, Date.now(), limiter.windowMs)) return;
  // While Redis rests, the middleware counted in process: the refund goes there (never below zero).
  await (resting(limiter) ? fallbackFor(limiter) : limiter).refund(`key:${keyHash}`).catch(() => {});
}

/**
 * How long before its route began the middleware counted a call, at most for the refund to be
 * taken: a few milliseconds usually. Refusals in a minute's first quarter second keep their count.
 */
const COUNT_TO_ROUTE_MS = 250;

/**
 * Whether a refund made `now` lands in the window the middleware counted the call in, given when
 * its route began: near a window's start the count may be the last window's, and taking it from
 * this one would give the key a request more (the count stays: one too many, never too few).
 */
export const refundLandsWhereCounted = (routeStartedAt: number, now: number, windowMs: number) =>
  Math.floor((routeStartedAt - COUNT_TO_ROUTE_MS) / windowMs) === Math.floor(now / windowMs);

/** authFailureLimit() failed authentications a minute per client address. */
export function authFailureLimiter(): Limiter {
  return limiters().authFailures;
}

/** Failed sign-ins, per account and per client address. */
export function signInLimiters() {
  const { signInAccount, signInAddress } = limiters();
  return { account: signInAccount, address: signInAddress };
}

/** PUBLIC_PAGE_LIMIT requests a minute per client address to the booking and share pages. */
export function publicPageLimiter(): Limiter {
  return limiters().publicPages;
}
