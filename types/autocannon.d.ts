// The part of autocannon 9's API that scripts/bench.ts uses (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export type RequestData = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer };

  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    maxOverallRequests?: number;
    amount?: number;
    timeout?: number;
    headers?: Record<string, string>;
    requests?: Array<RequestData & { setupRequest?: (request: RequestData) => RequestData }>;
  };

  export type Result = {
    errors: number;
    timeouts: number;
    resets: number;
    non2xx: number;
    duration: number;
    requests: { total: number; average: number };
    latency: { p50: number; p99: number };
  };

  export type Instance = EventEmitter & { stop: () => void };

  export default function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
}
