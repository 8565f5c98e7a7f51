// The one wrapper every /api/v1 route goes through (after dub's withWorkspace): authentication,
// the practice group header, the scope, the network check, the input, error mapping and headers.
// Each route binds its handler to its entry in the endpoint registry (lib/api/endpoints.ts);
// handlers receive the acting practice group and scope every query by it.
import type { z } from "zod";

import type { AccessTokenPayload } from "@/lib/access-tokens";
import { keyHashOf, touchLastUsed, type VerifiedKey } from "@/lib/api-keys";
import { authenticate, getActingPracticeGroupOrThrow, requestedPracticeGroupId, requireScope, type ActingPracticeGroup } from "@/lib/api/auth";
import { authFailureMessage, chargeFailure, rememberVerified, tooManyFailures } from "@/lib/api/auth-failures";
import { ENDPOINT_METHODS, type Endpoint } from "@/lib/api/endpoints";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { parseQuery, readJson } from "@/lib/api/validation";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { DomainError } from "@/lib/domain-error";
import type { PatientScope } from "@/lib/patients";

type PathParams<E extends Endpoint> = E["path"] extends `${string}{id}${string}` ? { id: string } : Record<string, never>;

/** What a handler gets: its endpoint's body and query already parsed with the registry's schemas. */
export type ApiContext<E extends Endpoint> = {
  request: Request;
  params: PathParams<E>;
  key: VerifiedKey;
  token: AccessTokenPayload | null;
  /** The practice group the call acts for: the key's own, or one in a shared network. */
  practiceGroup: ActingPracticeGroup;
  /** Who is acting, for writes: the acting and the key's practice group, and the key. */
  actor: PatientScope & { keyId: string };
  body: E["body"] extends z.ZodType ? z.output<E["body"]> : undefined;
  query: E["query"] extends z.ZodType ? z.output<E["query"]> : undefined;
};

type RouteContext<P> = { params: Promise<P> };

/** The domain's refusals in the error table's terms. */
function fromDomain({ kind, message, field }: DomainError): ApiError {
  if (kind !== "invalid") return new ApiError({ code: kind, message });
  return field
    ? new ApiError({ code: "invalid_request", message: "The request is not valid: see fields.", fields: { [field]: message } })
    : new ApiError({ code: "invalid_request", message });
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof DomainError) return errorResponse(fromDomain(error));
  if (isDatabaseUnavailable(error)) {
    console.error("API request failed: the database did not answer in time.");
    return errorResponse(
      new ApiError({
        code: "service_unavailable",
        message: "The service is briefly unavailable. Retry with exponential backoff.",
        headers: { "Retry-After": "5" },
      }),
    );
  }
  // The message is for the server log only; the caller gets a fixed sentence.
  console.error("API request failed:", error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");
  return errorResponse(new ApiError({ code: "internal_error", message: "Something went wrong on our side. Try again later." }));
}

/** Binds a handler to its registry entry, which gives its scope, whether a token may stand in, and its input. */
export function withApiKey<E extends Endpoint>(endpoint: E, handler: (context: ApiContext<E>) => Promise<Response>) {
  const { scope, bearer } = endpoint;
  return async (request: Request, { params }: RouteContext<PathParams<E>>): Promise<Response> => {
    try {
      const credential = request.headers.get("x-api-key") ?? request.headers.get("authorization");
      const credentialHash = credential === null ? null : keyHashOf(credential);
      if (await tooManyFailures(request, credentialHash))
        throw new ApiError({ code: "rate_limit_exceeded", message: authFailureMessage(), headers: { "Retry-After": "60" } });
      const { key, token } = await authenticate(request, { allowBearer: bearer }).catch(async (error: unknown) => {
        if (error instanceof ApiError && error.code === "invalid_credentials") await chargeFailure(request);
        throw error;
      });
      if (credentialHash) rememberVerified(credentialHash);
      const practiceGroupId = requestedPracticeGroupId(request);
      if (token && token.pg !== practiceGroupId) {
        throw new ApiError({ code: "forbidden", message: "This access token was issued for another practice group." });
      }
      requireScope(key, scope);
      const practiceGroup = await getActingPracticeGroupOrThrow(key, practiceGroupId);
      touchLastUsed(key.id);
      const body = (endpoint.body ? await readJson(request, endpoint.body) : undefined) as ApiContext<E>["body"];
      const query = (endpoint.query ? parseQuery(request, endpoint.query) : undefined) as ApiContext<E>["query"];
      const actor = { actingPracticeGroupId: practiceGroup.id, keyPracticeGroupId: key.practiceGroupId, keyId: key.id };
      const response = await handler({ request, params: await params, key, token, practiceGroup, actor, body, query });
      response.headers.set("Cache-Control", "no-store");
      return response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Handlers for the methods a route does not implement: Next's own 405 has no body, and every
 * API error carries { error, message }. The Allow header comes from the registry.
 * Use: `export const { PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.listMessages.path)`.
 */
export function methodsNotAllowed(path: string): Record<(typeof METHODS)[number], () => Response> {
  const allow = ENDPOINT_METHODS[path];
  const handler = () => errorResponse(new ApiError({ code: "method_not_allowed", message: `This endpoint accepts ${allow} only.` }), { Allow: allow });
  return Object.fromEntries(METHODS.map((method) => [method, handler])) as Record<(typeof METHODS)[number], () => Response>;
}
