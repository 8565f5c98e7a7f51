// The partner API's headers, named once: the handlers read them, the rate limiter writes them,
// and the OpenAPI document and the public docs describe them from here. Edge-safe, no imports.
// Descriptions are Markdown (backticks for code), as OpenAPI descriptions are.

export type HeaderDoc = { name: string; description: string };

/** Set on the answer to a retried idempotent POST (lib/idempotency.ts). */
export const REPLAYED_HEADER = "Idempotent-Replayed";

// What a request sends: seed 001/003's two headers, and the rest.
export const REQUEST_HEADERS = {
  apiKey: { name: "x-api-key", description: "Your Hero Health API key" },
  practiceGroupId: { name: "x-practice-group-id", description: "The ID of the practice you are acting on behalf of" },
  username: { name: "x-username", description: "User-owned keys only: the username of the key's owner" },
  authorization: { name: "Authorization", description: "Instead of `x-api-key`: `Bearer` and a token from `POST /access_token`" },
  idempotencyKey: {
    name: "Idempotency-Key",
    description:
      "Optional, on the POSTs that create: a string you choose for this operation (e.g. a UUID). Retried with the same key, endpoint, practice group and body within 24 hours, the request creates nothing more and is answered with what the first one created, as it is now, with `" +
      REPLAYED_HEADER +
      ": true`",
  },
} as const satisfies Record<string, HeaderDoc>;

/** What every response carries (Retry-After: refusals only). */
export const RATE_LIMIT_HEADERS = {
  limit: { name: "X-RateLimit-Limit", description: "Requests allowed per minute" },
  remaining: { name: "X-RateLimit-Remaining", description: "Requests left in the current window" },
  reset: { name: "X-RateLimit-Reset", description: "When the current one-minute window ends, in Unix seconds" },
  retryAfter: { name: "Retry-After", description: "On 429 (and 503) only: seconds to wait before retrying" },
} as const satisfies Record<string, HeaderDoc>;
