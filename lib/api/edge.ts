// What the middleware does for /api/v1, before any route runs and without the database:
// count the request against its rate limit (a malformed key or a bad token against the client
// address), then reject a malformed key or a bad token with 401, then answer what Next's routing would turn into an empty 400 or a 500 (an odd method,
// a path that is not UTF-8 once percent-decoded). The identifier is the SHA-256 of the
// presented key (a bearer token counts against the key it was issued for); requests without
// a usable key, and those no route verifies the key of (a path or method that is no endpoint,
// the OpenAPI document), are counted per client address: only a route that verifies the key
// takes back the count of one that fails, so a guess could otherwise use up a key's limit.
import { NextResponse } from "next/server";

import { bearerToken, readAccessToken, TOKEN_PREFIX } from "@/lib/access-tokens";
import { ApiError, errorResponse, INVALID_CREDENTIALS, INVALID_TOKEN, NO_SUCH_ENDPOINT, REQUEST_ID_HEADER } from "@/lib/api/errors";
import { askedPracticeGroupId, REQUEST_HEADERS } from "@/lib/api/headers";
import { methodRefusal, ROUTED_METHODS, routeTemplate, verifiesKey } from "@/lib/api/methods";
import { newRequestId } from "@/lib/api/request-id";
import { addressLimitId, requestProtocol } from "@/lib/client-address";
import { isDeployed, keyEnvironment } from "@/lib/env";
import { parseKey, sha256Hex } from "@/lib/key-format";
import { bufferRefusalByHash } from "@/lib/ledger-buffer";
import { failureMode, limitWithPolicy, rateLimiter, rateLimitHeaders, rateLimitOverride } from "@/lib/ratelimit";

type Identity = {
  /** What the rate limit counts: the key's hash, or the client address. */
  identifier: string;
  credentialsValid: boolean;
  /** The presented key's hash (an expired token's too), whatever was counted: its refusals go in that key's ledger. */
  keyHash?: string;
  /** Said instead of the usual 401 message, when the mistake is plain. */
  refusal?: string;
};

// Seed 002's diagram shows the calls after the exchange with x-api-key, and does not say where the token goes.
const TOKEN_IN_KEY_HEADER = "This is an access token, not an API key: send it as Authorization: Bearer <token>, or send your API key in x-api-key.";

const KEY_AS_TOKEN =
  "This is an API key, not an access token: send it in x-api-key, or exchange it at POST /access_token for a token to send as Authorization: Bearer.";

/** Why a bearer token that does not verify was refused: an API key there is a plain mistake, said as such. */
function bearerRefusal(token: string) {
  return parseKey(token) ? KEY_AS_TOKEN : INVALID_TOKEN;
}

async function identify(request: Request, pathname: string): Promise<Identity> {
  const byAddress = () => addressLimitId(request.headers);
  // A path Next cannot route is answered here (refuseBeforeRouting): no route verifies its key.
  const keyChecked = routable(pathname) && verifiesKey(pathname, request.method);
  const apiKey = request.headers.get(REQUEST_HEADERS.apiKey.name);
  if (apiKey !== null) {
    if (apiKey.startsWith(TOKEN_PREFIX)) {
      // A token of ours names its key: the mistake goes on that key's record, as an expired token's refusal does.
      const payload = await readAccessToken(apiKey);
      return { identifier: await byAddress(), credentialsValid: false, refusal: TOKEN_IN_KEY_HEADER, keyHash: payload?.kh };
    }
    if (parseKey(apiKey) !== keyEnvironment()) return { identifier: await byAddress(), credentialsValid: false };
    const keyHash = await sha256Hex(apiKey);
    return { identifier: keyChecked ? `key:${keyHash}` : await byAddress(), credentialsValid: true, keyHash };
  }
  const authorization = request.headers.get(REQUEST_HEADERS.authorization.name);
  if (authorization !== null) {
    const token = bearerToken(authorization);
    const payload = token ? await readAccessToken(token) : null;
    if (!payload) {
      // An API key sent as a token is one of ours by its shape: the mistake goes on that key's record.
      const keyHash = token && parseKey(token) === keyEnvironment() ? await sha256Hex(token) : undefined;
      return { identifier: await byAddress(), credentialsValid: false, refusal: token ? bearerRefusal(token) : undefined, keyHash };
    }
    if (payload.exp * 1000 <= Date.now()) return { identifier: await byAddress(), credentialsValid: false, keyHash: payload.kh, refusal: INVALID_TOKEN };
    return { identifier: keyChecked ? `key:${payload.kh}` : await byAddress(), credentialsValid: true, keyHash: payload.kh };
  }
  // No credentials at all: the route answers (401, or the public OpenAPI document).
  return { identifier: await byAddress(), credentialsValid: true };
}

/** Next decodes path parameters and fails with a 500 on bad UTF-8. */
function routable(pathname: string) {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** What Next cannot route. */
function refuseBeforeRouting(request: Request, pathname: string): ApiError | null {
  if (!routable(pathname)) return new ApiError({ code: "not_found", message: NO_SUCH_ENDPOINT });
  return ROUTED_METHODS.includes(request.method) ? null : methodRefusal(pathname);
}

/** A known key's refusal, by the key's hash: the ledger's writer looks the key up. */
function recordRefusal(request: Request, pathname: string, keyHash: string, requestId: string, error: ApiError, keysOwnLimit: boolean) {
  bufferRefusalByHash({
    at: new Date(),
    requestId,
    keyHash,
    requestedPracticeGroupId: keysOwnLimit ? askedPracticeGroupId(request) : undefined,
    method: request.method,
    route: routeTemplate(pathname) ?? "(no such endpoint)",
    status: error.status,
    errorCode: error.code,
    durationMs: 0,
    patientIds: [],
  });
}

export async function guardApiRequest(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  // A known key's refusals belong in its ledger: recorded by hash, looked up when written.
  const { identifier, credentialsValid, keyHash, refusal: credentialsRefusal } = await identify(request, pathname);
  // Every answer the middleware gives names its request (x-request-id); what it passes on, the route names.
  const answer = (error: ApiError, headers: Record<string, string> = {}) => {
    const requestId = newRequestId();
    // The limit counted against the key (not the client address), or its limiter unavailable: the key's own, not a guess's.
    const keysOwnLimit = identifier.startsWith("key:") && (error.code === "rate_limit_exceeded" || error.code === "rate_limit_unavailable");
    if (keyHash) recordRefusal(request, pathname, keyHash, requestId, error, keysOwnLimit);
    return errorResponse(error, { ...headers, [REQUEST_ID_HEADER]: requestId });
  };
  // "All API calls must use HTTPS": refused, never redirected (a redirect would already have sent the key).
  if (isDeployed() && requestProtocol(request.headers) !== "https") {
    return answer(
      new ApiError({
        code: "https_required",
        message: "All API calls must use HTTPS. Send this request to the https:// address; the key sent over plain HTTP may have been seen: rotate it.",
      }),
    );
  }
  const limiter = rateLimiter();
  const decision = await limitWithPolicy(limiter, identifier, failureMode(), rateLimitOverride(identifier) ?? limiter.limitPerWindow);
  const headers = rateLimitHeaders(decision);

  if (decision.outcome === "limited") {
    const counted = identifier.startsWith("key:") ? "API key" : "client address";
    const message = `Too many requests: the limit is ${decision.limit} a minute per ${counted}. Retry with exponential backoff.`;
    return answer(new ApiError({ code: "rate_limit_exceeded", message }), headers);
  }
  if (decision.outcome === "unavailable") {
    return answer(new ApiError({ code: "rate_limit_unavailable", message: "The service is briefly unavailable. Retry with exponential backoff." }), headers);
  }
  if (!credentialsValid) return answer(new ApiError({ code: "invalid_credentials", message: credentialsRefusal ?? INVALID_CREDENTIALS }), headers);
  const refusal = refuseBeforeRouting(request, pathname);
  if (refusal) return answer(refusal, headers);
  // The route names what it answers with an id of its own: forwarding this one as a request
  // header would make Next copy every request header through the middleware's response
  // (BENCHMARKS.md), and Next keeps the middleware's value of a response header over the route's.
  return NextResponse.next({ headers });
}
