// What one rate-limit call costs the app's process with Upstash, outside Next.js: the same
// @upstash/ratelimit sliding window over @upstash/redis's own HTTP client (one fetch per
// command), with its defaults (auto-pipelining), and as lib/ratelimit.ts configures it, over the
// library's fetch (Edge) and over our node:http client (the Node.js runtime). Against the Upstash
// REST server in a process of its own, over the local Redis; CPU is this process's only.
//   npx tsx scripts/bench-upstash-client.ts [--calls=4000] [--concurrency=1,10]
import { randomBytes } from "node:crypto";

import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";

import { createNodeRequester } from "@/lib/node-runtime-setup";
import { createUpstashLimiter } from "@/lib/ratelimit";

import { deleteRedisKeys, spawnUpstashRestServer } from "./upstash-rest-server";

const option = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const calls = Number(option("calls", "4000"));
const concurrencies = option("concurrency", "1,10").split(",").map(Number);
const prefix = `bench:client:${randomBytes(4).toString("hex")}`;
// High enough that nothing is refused: the cost of counting is measured, not of refusing.
const LIMIT = 1_000_000_000;

type Limit = (identifier: string) => Promise<unknown>;

async function measure(limit: Limit, concurrency: number, count: number) {
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await limit(`key:${next++ % 200}`);
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpuMicros: (used.user + used.system) / count, perSecond: count / ((performance.now() - start) / 1000) };
}

const server = await spawnUpstashRestServer(randomBytes(24).toString("base64url"));
try {
  const { url, token } = server;
  const perCall = new Ratelimit({
    // As lib/ratelimit.ts configured it before the batching: no retries, an abort per request.
    redis: new Redis({ url, token, retry: { retries: 0 }, signal: () => AbortSignal.timeout(5000), enableTelemetry: false, enableAutoPipelining: false }),
    limiter: Ratelimit.slidingWindow(LIMIT, "60000 ms"),
    prefix: `${prefix}:per-call`,
    timeout: 0,
    analytics: false,
  });
  // @upstash/redis with its own defaults, auto-pipelining included: the alternative to our batcher.
  const defaults = new Ratelimit({
    redis: new Redis({ url, token }),
    limiter: Ratelimit.slidingWindow(LIMIT, "60000 ms"),
    prefix: `${prefix}:defaults`,
    timeout: 0,
    analytics: false,
  });
  const overFetch = createUpstashLimiter({ url, token, prefix: `${prefix}:fetch`, limit: LIMIT, timeoutMs: 5000, requester: null });
  const overNode = createUpstashLimiter({ url, token, prefix: `${prefix}:node`, limit: LIMIT, timeoutMs: 5000, requester: createNodeRequester });
  const clients: [string, Limit][] = [
    ["@upstash/redis's client (a fetch per command)", (id) => perCall.limit(id)],
    ["@upstash/redis with its defaults (auto-pipelining)", (id) => defaults.limit(id)],
    ["lib/ratelimit.ts over the library's fetch (Edge)", (id) => overFetch.limit(id)],
    ["lib/ratelimit.ts over node:http (Node.js runtime)", (id) => overNode.limit(id)],
  ];

  console.log(`${calls} rate-limit calls per row, after ${calls / 4} to warm up; Node ${process.version}`);
  console.log(`${"Client".padEnd(60)}  Concurrency  CPU µs/call  Calls/s`);
  for (const concurrency of concurrencies) {
    for (const [name, limit] of clients) {
      await measure(limit, concurrency, calls / 4);
      const { cpuMicros, perSecond } = await measure(limit, concurrency, calls);
      console.log(`${name.padEnd(60)}  ${String(concurrency).padStart(11)}  ${cpuMicros.toFixed(0).padStart(11)}  ${perSecond.toFixed(0).padStart(7)}`);
    }
  }
} finally {
  server.child.kill("SIGTERM");
  await deleteRedisKeys(prefix);
}
