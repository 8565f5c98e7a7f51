// The partner API's headers, named once: the handlers read them, the rate limiter writes them,
// and the OpenAPI document and the public docs describe them from here. Edge-safe.
// Descriptions are Markdown (backticks for code), as OpenAPI descriptions are.

import { REQUEST_ID_HEADER } from "@/lib/api/errors";
import { isUuid } from "@/lib/domain-error";
import { IDEMPOTENCY_WINDOW_HOURS } from "@/lib/limits";

export type HeaderDoc = { name: string; description: string };

/** What an Idempotency-Key may be: printable ASCII without spaces, as in Stripe's and the IETF draft's examples. */
export const IDEMPOTENCY_KEY_PATTERN = "^[!-~]{1,255}$";

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
      "Optional, on the POSTs that create (a booking, a booking link, a message): a value you choose for that one operation, e.g. a new UUID (1 to 255 visible ASCII characters). " +
      `Sent again by the same caller (your connection to the practice, with whichever of its keys, the one issued by Rotate API key included; for a user key, the same user) with the same endpoint, practice group and body within ${IDEMPOTENCY_WINDOW_HOURS} hours, the request creates nothing more: ` +
      `it is answered with the record the first one created, as it is now (404 if it is no longer there), with \`${REPLAYED_HEADER}: true\`. ` +
      "Copies sent at once create one record between them. The same key with anything else changed is 400 `invalid_request` (the body is compared as it would be stored: spaces around a text field do not count). " +
      "A request that failed is not remembered, so its retry is a new attempt",
  },
} as const satisfies Record<string, HeaderDoc>;

/**
 * The practice group a request asked to act for, when it names one (a UUID), for the ledger's row
 * of a refusal given before the key was known that says nothing against the key (its limit, the
 * limiter or the database unavailable): the writer files it under that practice when the key,
 * live, may act for it.
 */
export function askedPracticeGroupId(request: Request): string | undefined {
  const value = request.headers.get(REQUEST_HEADERS.practiceGroupId.name)?.trim().toLowerCase();
  return value && isUuid(value) ? value : undefined;
}

/** What every response carries but 403 https_required (refused before the limiter) and what lib/http-server-guard.ts answers (Retry-After: refusals only). */
export const RATE_LIMIT_HEADERS = {
  limit: { name: "X-RateLimit-Limit", description: "Requests allowed per minute" },
  remaining: { name: "X-RateLimit-Remaining", description: "Requests left in the current window" },
  reset: { name: "X-RateLimit-Reset", description: "When the current one-minute window ends, in Unix seconds" },
  retryAfter: { name: "Retry-After", description: "On 429 (and 503) only: seconds to wait before retrying" },
} as const satisfies Record<string, HeaderDoc>;

/** What every answer of the API names it with, and what a replay says of itself. */
export const RESPONSE_HEADERS = {
  requestId: { name: REQUEST_ID_HEADER, description: "This request's id: quote it to Hero support" },
  replayed: { name: REPLAYED_HEADER, description: "`true` on the answer to a retried request with the same `Idempotency-Key`" },
} as const satisfies Record<string, HeaderDoc>;
