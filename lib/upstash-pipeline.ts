// How the rate limiter talks to Upstash: one HTTP request at a time per instance, carrying every
// command that arrived while the previous request was in flight (Upstash's /pipeline endpoint).
// A request that finds the line idle goes out at once, so a lone request waits for nothing;
// under load, ten concurrent API calls cost one or two round trips instead of ten. Each
// command is still its own atomic script in Redis, answered before its API call goes on, so
// the limit stays exact across instances: this batches the counting, it never defers it.
// Edge-safe (fetch only), like the rest of the middleware's code.
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";

/** Commands per HTTP request: far more than a batch holds in normal running. */
const MAX_BATCH = 500;
/** Bounds the memory commands hold while they wait for a slow Redis. */
const MAX_WAITING = 5_000;

type Waiting = { command: unknown; resolve: (reply: UpstashResponse<unknown>) => void; reject: (error: unknown) => void };

export type PipelineOptions = { url: string; token: string; timeoutMs: number };

export function createPipeliningRequester({ url, token, timeoutMs }: PipelineOptions): Requester {
  const endpoint = `${url.replace(/\/$/, "")}/pipeline`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  let queue: Waiting[] = [];
  let sending = false;
  // Upstash's read-your-writes token, passed on as @upstash/redis's own client does, so that a
  // replicated database never answers from a replica behind our last write.
  let syncToken = "";

  async function send(batch: Waiting[]) {
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: syncToken ? { ...headers, "upstash-sync-token": syncToken } : headers,
        body: JSON.stringify(batch.map((waiting) => waiting.command)),
        cache: "no-store",
        // A Redis that has gone quiet must not hold the line for later batches.
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Status only: Upstash's error text could quote the command back.
      if (!response.ok) throw new Error(`Upstash answered HTTP ${response.status}`);
      syncToken = response.headers.get("upstash-sync-token") ?? syncToken;
      const replies: unknown = await response.json();
      if (!Array.isArray(replies) || replies.length !== batch.length) throw new Error("Upstash answered a pipeline with the wrong number of replies");
      batch.forEach((waiting, i) => waiting.resolve(replies[i] as UpstashResponse<unknown>));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      if (error instanceof Error && error.name === "TimeoutError") {
        // Redis has just let a request time out: the commands queued behind it fail with it,
        // unsent, so their callers apply the failure policy now instead of after another timeout
        // (and none is counted after its caller has been answered without it).
        for (const waiting of queue) waiting.reject(new Error("Upstash did not answer in time"));
        queue = [];
      }
    }
  }

  async function drain() {
    sending = true;
    while (queue.length > 0) {
      await send(queue.splice(0, MAX_BATCH));
    }
    sending = false;
  }

  return {
    request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      // The limiter sends single commands only (EVALSHA, and EVAL when a script is not loaded yet).
      if (req.path?.length) return Promise.reject(new Error(`Unsupported Upstash request path: /${req.path.join("/")}`));
      if (queue.length >= MAX_WAITING) return Promise.reject(new Error("Too many rate-limit commands waiting for Upstash"));
      return new Promise((resolve, reject) => {
        queue.push({ command: req.body, resolve: resolve as Waiting["resolve"], reject });
        if (!sending) void drain();
      });
    },
  };
}
