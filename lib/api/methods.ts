// Which methods each /api/v1 endpoint takes, for 405 answers given before any route runs: Next
// answers other methods itself with no body (PROPFIND: an empty 400; OPTIONS: an empty 204),
// so the middleware answers them instead, and lib/http-server-guard.ts answers TRACE.
// Edge-safe. The table comes from the endpoint registry (lib/api/endpoints.ts).
import { ENDPOINT_METHODS, ENDPOINTS } from "@/lib/api/endpoints";
import { ApiError, NO_SUCH_ENDPOINT } from "@/lib/api/errors";

/** Methods that go on to the route handlers, which answer the ones they do not take with 405. */
export const ROUTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

const PATTERNS = Object.keys(ENDPOINT_METHODS).map((template) => ({
  template,
  pattern: new RegExp(`^/api/v1${template.replace(".", "\\.").replace("{id}", "[^/]+")}$`),
}));

/** The endpoint's path template for a path (/appointments/{id}), or null when it names none. */
export function routeTemplate(pathname: string): string | null {
  return PATTERNS.find(({ pattern }) => pattern.test(pathname))?.template ?? null;
}

/** Whether a request goes to a route that verifies its key: an endpoint of the registry (not the public OpenAPI document), by its method; HEAD runs GET's. */
export function verifiesKey(pathname: string, method: string): boolean {
  const template = routeTemplate(pathname);
  const routed = method === "HEAD" ? "GET" : method;
  return ENDPOINTS.some((endpoint) => endpoint.path === template && endpoint.method === routed);
}

/** 405 with the endpoint's Allow header, or 404 for a path that names no endpoint. */
export function methodRefusal(pathname: string): ApiError {
  const endpoint = PATTERNS.find(({ pattern }) => pattern.test(pathname));
  if (!endpoint) return new ApiError({ code: "not_found", message: NO_SUCH_ENDPOINT });
  const allow = ENDPOINT_METHODS[endpoint.template];
  return new ApiError({ code: "method_not_allowed", message: `This endpoint accepts ${allow} only.`, headers: { Allow: allow } });
}
