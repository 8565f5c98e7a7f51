// The one wrapper every /api/v1 route goes through (after dub's withWorkspace): authentication,
// the practice group header, the scope, the network check, error mapping and headers. Handlers
// receive the acting practice group and scope every query by it.
import type { AccessTokenPayload } from "@/lib/access-tokens";
import { keyHashOf, touchLastUsed, type VerifiedKey } from "@/lib/api-keys";
import { type ActingPracticeGroup, authenticate, getActingPracticeGroupOrThrow, requestedPracticeGroupId, requireScope } from "@/lib/api/auth";
import { authFailureMessage, chargeFailure, rememberVerified, tooManyFailures } from "@/lib/api/auth-failures";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import type { ScopeName } from "@/lib/scopes";

export type ApiContext<P> = {
  request: Request;
  params: P;
  key: VerifiedKey;
  token: AccessTokenPayload | null;
  /** The practice group the call acts for: the key's own, or one in a shared network. */
  practiceGroup: ActingPracticeGroup;
};

type Options = {
  /** The scope the endpoint needs; null for endpoints any valid key may call. */
  scope: ScopeName | null;
  /** Whether `Authorization: Bearer` is accepted (not when exchanging a key for a token). */
  bearer?: boolean;
};

type RouteContext<P> = { params: Promise<P> };

export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (isDatabaseUnavailable(error)) {
    console.error("API request failed: the database did not answer in time.");
    return errorResponse(new ApiError({ code: "service_unavailable", message: "The service is briefly unavailable. Retry with exponential backoff.", headers: { "Retry-After": "5" } }));
  }
  // The message is for the server log only; the caller gets a fixed sentence.
  console.error("API request failed:", error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");
  return errorResponse(new ApiError({ code: "internal_error", message: "Something went wrong on our side. Try again later." }));
}

export function withApiKey<P extends Record<string, string> = Record<string, never>>(handler: (context: ApiContext<P>) => Promise<Response>, { scope, bearer = true }: Options) {
  return async (request: Request, { params }: RouteContext<P>): Promise<Response> => {
    try {
      const credential = request.headers.get("x-api-key") ?? request.headers.get("authorization");
      const credentialHash = credential === null ? null : keyHashOf(credential);
      if (await tooManyFailures(request, credentialHash)) throw new ApiError({ code: "rate_limit_exceeded", message: authFailureMessage(), headers: { "Retry-After": "60" } });
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
      const response = await handler({ request, params: await params, key, token, practiceGroup });
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
 * API error carries { error, message }. Use: `export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST")`.
 */
export function methodsNotAllowed(allow: string): Record<(typeof METHODS)[number], () => Response> {
  const handler = () =>
    errorResponse(new ApiError({ code: "method_not_allowed", message: `This endpoint accepts ${allow} only.` }), { Allow: allow });
  return Object.fromEntries(METHODS.map((method) => [method, handler])) as Record<(typeof METHODS)[number], () => Response>;
}
