// The Node.js versions of lib/node-runtime.ts's two operations, installed by instrumentation.ts.
// Upstash's REST protocol as @upstash/redis's own client speaks it (JSON commands, a Bearer
// token, the read-your-writes token), over node:http(s) with keep-alive connections: a request
// costs a fraction of the CPU of the global fetch inside Next (BENCHMARKS.md), and the pipelines
// of one event-loop turn share one. Each request fails timeoutMs after it is sent, so the failure
// policy in lib/ratelimit.ts applies at once.
import { createHmac, hash } from "node:crypto";
import http from "node:http";
import https from "node:https";

import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";

import { setNodeRuntime, type UpstashRequesterOptions } from "@/lib/node-runtime";

/** Idle connections are closed before servers commonly close theirs (5 s), so none is reused as it closes. */
const IDLE_SOCKET_MS = 4_000;

export function createNodeRequester({ url, token, timeoutMs }: UpstashRequesterOptions): Requester {
  const base = new URL(url);
  const client = base.protocol === "https:" ? https : http;
  const agent = new client.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  const basePath = base.pathname.replace(/\/$/, "");

  /** One HTTP request; fails timeoutMs after it is sent. */
  function post(path: string[], body: unknown): Promise<unknown> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = client.request(
        {
          hostname: base.hostname,
          port: base.port,
          path: [basePath, ...path].join("/") || "/",
          method: "POST",
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
            "upstash-sync-token": requester.upstashSyncToken ?? "",
          },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("error", fail);
          response.on("end", () => {
            clearTimeout(timer);
            requester.upstashSyncToken = String(response.headers["upstash-sync-token"] ?? "");
            try {
              const parsed = JSON.parse(text);
              if (response.statusCode === 200) resolve(parsed);
              else reject(new Error(`Upstash answered ${response.statusCode}: ${String(parsed?.error ?? "").slice(0, 80)}`));
            } catch {
              reject(new Error(`Upstash answered ${response.statusCode} with a body that is not JSON`));
            }
          });
        },
      );
      const timer = setTimeout(() => request.destroy(new Error(`Upstash did not answer within ${timeoutMs} ms`)), timeoutMs);
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      request.on("error", fail);
      request.end(payload);
    });
  }

  // The library pipelines the commands of one microtask burst; under load the middleware's
  // calls for several requests arrive in the same turn of the event loop but in different
  // bursts. Their pipelines go out together, as one /pipeline request, each command still its
  // own atomic script run in order, so the limit stays exact across instances.
  type Waiting = { commands: unknown[]; resolve: (replies: unknown[]) => void; reject: (error: unknown) => void };
  let turn: Waiting[] | null = null;
  function pipeline(commands: unknown[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (!turn) {
        const waiting: Waiting[] = (turn = []);
        setImmediate(() => {
          turn = null;
          const commands = waiting.flatMap((entry) => entry.commands);
          post(["pipeline"], commands)
            .then((replies) => {
              if (!Array.isArray(replies) || replies.length !== commands.length)
                throw new Error("Upstash answered a pipeline with the wrong number of replies");
              let at = 0;
              for (const entry of waiting) entry.resolve(replies.slice(at, (at += entry.commands.length)));
            })
            .catch((error: unknown) => waiting.forEach((entry) => entry.reject(error)));
        });
      }
      turn.push({ commands, resolve, reject });
    });
  }

  const requester: Requester = {
    readYourWrites: true,
    upstashSyncToken: "",
    request<TResult>({ path = [], body }: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const answer = path.length === 1 && path[0] === "pipeline" && Array.isArray(body) ? pipeline(body) : post(path, body);
      return answer as Promise<UpstashResponse<TResult>>;
    },
  };
  return requester;
}

/** Called once per server process (instrumentation.ts, Node.js runtime only). */
export function installNodeRuntime() {
  setNodeRuntime({
    sha256Hex: (text) => hash("sha256", text, "hex"),
    hmacSha256Hex: (key, text) => createHmac("sha256", key).update(text).digest("hex"),
    upstashRequester: createNodeRequester,
  });
}
