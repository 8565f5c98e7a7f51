// What the middleware does faster on the Node.js runtime than the Web APIs it is confined to on
// Edge allow: SHA-256 and HMAC without a thread-pool hop, and Upstash's HTTP requests without Next's
// patched fetch, undici's streams and an abort timer that fires after every request
// (BENCHMARKS.md). instrumentation.ts installs the Node versions (lib/node-runtime-setup.ts) in
// a process-wide global, as it does the rate-limit overrides; where nothing is installed (Edge,
// unit tests) the Web API versions run, with the same answers. Edge-safe: no Node imports here.
import type { Requester } from "@upstash/redis";

export type UpstashRequesterOptions = { url: string; token: string; timeoutMs: number };

export type NodeRuntime = {
  sha256Hex: (text: string) => string;
  hmacSha256Hex: (key: string, text: string) => string;
  upstashRequester: (options: UpstashRequesterOptions) => Requester;
};

const NODE_RUNTIME = Symbol.for("hero.nodeRuntime");
type Registry = { [NODE_RUNTIME]?: NodeRuntime };

export function setNodeRuntime(runtime: NodeRuntime) {
  (globalThis as Registry)[NODE_RUNTIME] = runtime;
}

export function nodeRuntime(): NodeRuntime | undefined {
  return (globalThis as Registry)[NODE_RUNTIME];
}
