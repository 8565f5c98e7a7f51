// The one wrapper every /api/v1 route goes through (after dub's withWorkspace): authentication,
// the practice group header, the scope, the network check, the input, error mapping and headers.
// Each route binds its handler to its entry in the endpoint registry (lib/api/endpoints.ts);
// handlers receive the acting practice group and scope every query by it.
import type { z } from "zod";

import type { AccessTokenPayload } from "@/lib/access-tokens";
import { touchLastUsed, type VerifiedKey } from "@/lib/api-keys";
import {
  actingPracticeGroupIdOrNull,
  authenticate,
  getActingPracticeGroupOrThrow,
  holdCaller,
  presentedKeyHash,
  refuseTokenInPlaceOfKey,
  requestedPracticeGroupId,
  requireScope,
  type ActingPracticeGroup,
} from "@/lib/api/auth";
import { authFailureMessage, credentialOf, forgetVerified, rememberVerified, startAuthAttempt } from "@/lib/api/auth-failures";
import { ENDPOINT_METHODS, type Endpoint } from "@/lib/api/endpoints";
import { ApiError, errorResponse, NO_SUCH_ENDPOINT, REQUEST_ID_HEADER } from "@/lib/api/errors";
import { askedPracticeGroupId, REPLAYED_HEADER } from "@/lib/api/headers";
import { newRequestId } from "@/lib/api/request-id";
import { parseQuery, readJson, readNoBody } from "@/lib/api/validation";
import { ARRIVED_AT_HEADER } from "@/lib/client-address";
import type { Tx } from "@/lib/db";
import { isDatabaseUnavailable, loggableError } from "@/lib/db-errors";
import { DomainError } from "@/lib/domain-error";
import { readIdempotency, runIdempotent } from "@/lib/idempotency";
import { recordRequest, type WriteAccess } from "@/lib/ledger";
import { bufferRefusalByHash } from "@/lib/ledger-buffer";
import type { ApiWriter } from "@/lib/patients";
import { refundKeyCount } from "@/lib/ratelimit";

type PathParams<E extends Endpoint> = E["path"] extends `${string}{id}${string}` ? { id: string } : Record<string, never>;

/** What a handler gets: its endpoint's body and query already parsed with the registry's schemas. */
export type ApiContext<E extends Endpoint> = {
  request: Request;
  params: PathParams<E>;
  key: VerifiedKey;
  token: AccessTokenPayload | null;
  /** The practice group the call acts for: the key's own, or one in a shared network. */
  practiceGroup: ActingPracticeGroup;
  /** Who is acting, for writes: the acting and the key's practice group, the key, and the request for the ledger. */
  actor: ApiWriter & { access: WriteAccess };
  /** Names the patients a response returns or a request writes, for the ledger. */
  touched: (...patientIds: string[]) => void;
  body: E["body"] extends z.ZodType ? z.output<E["body"]> : undefined;
  query: E["query"] extends z.ZodType ? z.output<E["query"]> : undefined;
  /** For a retried idempotent POST: the id of what the first request created, to answer with instead of creating. */
  replayOf: string | null;
};

type RouteContext<P> = { params: Promise<P> };

/** The domain's refusals in the error table's terms. */
function fromDomain({ kind, message, field }: DomainError): ApiError {
  if (kind !== "invalid") return new ApiError({ code: kind, message });
  return field
    ? new ApiError({ code: "invalid_request", message: "The request is not valid: see fields.", fields: { [field]: message } })
    : new ApiError({ code: "invalid_request", message });
}

/** Any failure as the error table's ApiError: a fixed sentence for anything unexpected. */
export function toApiError(error: unknown, requestId = "-"): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return fromDomain(error);
  if (isDatabaseUnavailable(error)) {
    console.error(`API request ${requestId} failed: the database did not answer in time.`);
    return new ApiError({
      code: "service_unavailable",
      message: "The service is briefly unavailable. Retry with exponential backoff.",
      headers: { "Retry-After": "5" },
    });
  }
  // The message is for the server log only; the caller gets a fixed sentence.
  console.error(`API request ${requestId} failed: ${loggableError(error)}`);
  return new ApiError({ code: "internal_error", message: "Something went wrong on our side. Try again later." });
}

export const toErrorResponse = (error: unknown): Response => errorResponse(toApiError(error));

type Known = { keyId: string; actingPracticeGroupId: string | null };

/** Binds a handler to its registry entry, which gives its scope, whether a token may stand in, and its input. */
export function withApiKey<E extends Endpoint>(endpoint: E, handler: (context: ApiContext<E>) => Promise<Response>) {
  const { scope, bearer } = endpoint;
  return async (request: Request, { params }: RouteContext<PathParams<E>>): Promise<Response> => {
    const started = performance.now();
    // About when the middleware counted this call against its key's limit: as its headers arrived
    // (a slow body's route runs minutes later), or now where no server stamped it (tests).
    const countedAt = Number(request.headers.get(ARRIVED_AT_HEADER)) || Date.now();
    // HEAD is answered by the GET handler (Next.js), and recorded as what it was.
    const method = request.method === "HEAD" ? "HEAD" : endpoint.method;
    // Our own id, never one the caller sent: the ledger files the request under it.
    const requestId = newRequestId();
    let known: Known | null = null;
    // A refused request's key is known by its hash only: the ledger's writer looks it up, off the request path.
    let refusedKeyHash: string | null = null;
    const patientIds = new Set<string>();
    let response: Response;
    let errorCode: string | null = null;
    let access: WriteAccess | undefined;
    // Answered with what an earlier request with the same Idempotency-Key created (or its 404).
    let replayed = false;
    // A working token sent in place of its key is the key's own caller: that call stays charged.
    let tokenInPlaceOfKey = true;
    try {
      if (!bearer) await refuseTokenInPlaceOfKey(request);
      tokenInPlaceOfKey = false;
      const credential = credentialOf(request);
      const attempt = await startAuthAttempt(request, credential);
      if (attempt.blocked)
        throw new ApiError({ code: "rate_limit_exceeded", message: authFailureMessage(), headers: { "Retry-After": String(attempt.retryAfter) } });
      let caller: Awaited<ReturnType<typeof authenticate>>;
      try {
        caller = await authenticate(request, { allowBearer: bearer });
      } catch (error) {
        // Only a credential that did not verify stays counted (not a database that did not answer).
        const failed = error instanceof ApiError && error.code === "invalid_credentials";
        if (failed && credential) forgetVerified(credential);
        await attempt.settle(failed);
        throw error;
      }
      const { key, token } = caller;
      // Remembered first, so the calls its settling wakes find the key exempt.
      if (credential) rememberVerified(credential, key.kind);
      await attempt.settle(false);
      known = { keyId: key.id, actingPracticeGroupId: null };
      const practiceGroupId = requestedPracticeGroupId(request);
      try {
        if (token && token.pg !== practiceGroupId) {
          throw new ApiError({ code: "forbidden", message: "This access token was issued for another practice group." });
        }
        requireScope(key, scope);
      } catch (error) {
        // Refused all the same, and in the Activity of the practice it named too when the key may act for it.
        known.actingPracticeGroupId = await actingPracticeGroupIdOrNull(key, practiceGroupId);
        throw error;
      }
      const practiceGroup = await getActingPracticeGroupOrThrow(key, practiceGroupId);
      known.actingPracticeGroupId = practiceGroup.id;
      touchLastUsed(key.id);
      const body = (endpoint.body ? await readJson(request, endpoint.body) : await readNoBody(request)) as ApiContext<E>["body"];
      const query = parseQuery(request, endpoint.query) as ApiContext<E>["query"];
      const idempotency = endpoint.idempotent ? readIdempotency(request, key, { route: endpoint.path, practiceGroupId: practiceGroup.id, body }) : null;
      access = {
        requestId,
        keyId: key.id,
        actingPracticeGroupId: practiceGroup.id,
        method,
        route: endpoint.path,
        status: endpoint.response.status,
        startedAt: started,
        recorded: false,
        patients: patientIds,
        idempotency: idempotency ?? undefined,
      };
      const actor = {
        actingPracticeGroupId: practiceGroup.id,
        keyPracticeGroupId: key.practiceGroupId,
        keyId: key.id,
        access,
        hold: (tx: Tx) => holdCaller(tx, { key, scope, practiceGroupId: practiceGroup.id }),
      };
      const touched = (...ids: string[]) => ids.forEach((id) => patientIds.add(id));
      const context = { request, params: await params, key, token, practiceGroup, actor, body, query, touched };
      response = await runIdempotent(
        idempotency,
        (replayOf) => {
          replayed = replayOf !== null;
          return handler({ ...context, replayOf });
        },
        actor.hold,
      );
      response.headers.set("Cache-Control", "no-store");
    } catch (error) {
      const apiError = toApiError(error, requestId);
      errorCode = apiError.code;
      // Refused before the key was verified (revoked, the failure limit, a database that did not answer): by its hash.
      if (!known) {
        refusedKeyHash = await presentedKeyHash(request);
        // Refused for its credential: the key's own limit is not charged (lib/ratelimit.ts refundKeyCount).
        if (refusedKeyHash && !tokenInPlaceOfKey && (errorCode === "invalid_credentials" || errorCode === "rate_limit_exceeded"))
          await refundKeyCount(refusedKeyHash, countedAt);
      }
      response = errorResponse(apiError);
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    if (replayed) response.headers.set(REPLAYED_HEADER, "true");
    const ledgerKey = known as Known | null;
    // A write that succeeded was recorded in its own transaction (lib/ledger.ts recordWrite).
    const recordedWithChange = errorCode === null && (access as WriteAccess | undefined)?.recorded === true;
    const outcome = {
      at: new Date(),
      requestId,
      method,
      route: endpoint.path,
      status: response.status,
      errorCode,
      replayed,
      durationMs: performance.now() - started,
      patientIds: [...patientIds],
    };
    if (ledgerKey && !recordedWithChange) {
      // The database did not answer before the practice asked for was checked: the ledger's write decides, as for a refusal known by hash.
      const unchecked = errorCode === "service_unavailable" && ledgerKey.actingPracticeGroupId === null;
      recordRequest({ ...ledgerKey, ...outcome, requestedPracticeGroupId: unchecked ? askedPracticeGroupId(request) : undefined });
    }
    // Here a 429 is the address's failure limit (guesses), not the key's: only the database's 503 says nothing about the caller.
    else if (!ledgerKey && refusedKeyHash) {
      const requestedPracticeGroupId = errorCode === "service_unavailable" ? askedPracticeGroupId(request) : undefined;
      bufferRefusalByHash({ ...outcome, keyHash: refusedKeyHash, requestedPracticeGroupId });
    }
    return response;
  };
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** An answer given before any key was verified, in the presented key's ledger (by its hash). */
async function recordedByHash(request: Request, route: string, response: Response) {
  const requestId = newRequestId();
  const keyHash = await presentedKeyHash(request);
  if (keyHash) {
    const errorCode = ((await response.clone().json()) as { error?: string }).error ?? null;
    bufferRefusalByHash({
      at: new Date(),
      requestId,
      keyHash,
      method: request.method,
      route,
      status: response.status,
      errorCode,
      durationMs: 0,
      patientIds: [],
    });
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/**
 * Handlers for the methods a route does not implement: Next's own 405 has no body, and every
 * API error carries { error, message }. The Allow header comes from the registry.
 * Use: `export const { PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listMessages.path)`.
 */
export function methodsNotAllowed(path: string): Record<(typeof METHODS)[number], (request: Request) => Promise<Response>> {
  const allow = ENDPOINT_METHODS[path];
  const handler = (request: Request) =>
    recordedByHash(
      request,
      path,
      errorResponse(new ApiError({ code: "method_not_allowed", message: `This endpoint accepts ${allow} only.` }), { Allow: allow }),
    );
  return Object.fromEntries(METHODS.map((method) => [method, handler])) as Record<(typeof METHODS)[number], (request: Request) => Promise<Response>>;
}

/** /api/v1 itself and any path under it that is no endpoint: a JSON 404, not the HTML page. */
export const noSuchEndpoint = (request: Request) =>
  recordedByHash(request, "(no such endpoint)", errorResponse(new ApiError({ code: "not_found", message: NO_SUCH_ENDPOINT })));
