// The partner API's errors: one code → status map, one body shape { error, message }.
// Edge-safe (the middleware answers 401 and 429 with these too). Messages are fixed text
// chosen by the code that throws: never a stack, never anything the caller sent as a key.
import { MAX_BODY_BYTES, RATE_LIMIT } from "@/lib/limits";

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_credentials: 401,
  insufficient_permissions: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  slot_unavailable: 409,
  payload_too_large: 413,
  https_required: 403,
  rate_limit_exceeded: 429,
  internal_error: 500,
  rate_limit_unavailable: 503,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The Cause column of the error table, in seed 001/003's words where the seed has the row. Markdown
 * (backticks for code): the OpenAPI document and the public docs both show it.
 */
export const ERROR_CAUSES: Record<ErrorCode, string> = {
  invalid_request:
    "Missing or malformed `x-practice-group-id` (not a UUID), malformed JSON, or input that fails validation, an unknown field or query parameter included (see `fields`); also a request asking to upgrade the connection (the API has no WebSockets)",
  invalid_credentials:
    "API key is missing, invalid, or expired; also a revoked key, a disconnected partner's key, an access token that is no longer valid, a key of a partner Hero support has suspended (at every practice), or a user key without its owner's `x-username`",
  insufficient_permissions: "Key does not have the required scope for this endpoint",
  forbidden:
    "Cross-org access denied — practices are not in the same network (also for a practice group that does not exist, so answers never reveal which IDs exist); also an access token sent with another practice group than the one it was issued for",
  not_found:
    "No such endpoint, or no such booking link, message, slot, appointment or patient that the call may see: the acting practice group's, for its patients and your key's practice's (see Cross-organisational calls)",
  method_not_allowed: "The endpoint does not accept this HTTP method (see the `Allow` header)",
  slot_unavailable: "The slot is already booked or has already started (or, cancelling, the appointment has already started)",
  payload_too_large: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB`,
  https_required:
    "Staging and production: the request came over plain HTTP. All API calls must use HTTPS; it is never redirected, and a key sent over HTTP should be rotated",
  rate_limit_exceeded: `Too many requests (${RATE_LIMIT} a minute per key unless Hero support set a higher limit), or too many failed authentications from one address — implement retry with exponential backoff`,
  internal_error: "Something failed on our side; nothing secret is returned",
  rate_limit_unavailable: "The rate limiter cannot be reached and the deployment refuses requests until it can (`Retry-After`)",
  service_unavailable: "The database did not answer within a few seconds (`Retry-After`); retry with exponential backoff",
};

/** Error codes in the order of the error table: by status. */
export const ERROR_CODES = (Object.keys(ERROR_STATUS) as ErrorCode[]).sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b]);

/** Every API response carries one; the ledger and the error log quote it (set by the middleware). */
export const REQUEST_ID_HEADER = "x-request-id";

export type ErrorBody = { error: ErrorCode; message: string; fields?: Record<string, string> };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly headers?: Record<string, string>;

  constructor({ code, message, fields, headers }: { code: ErrorCode; message: string; fields?: Record<string, string>; headers?: Record<string, string> }) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.fields = fields;
    this.headers = headers;
  }

  get status() {
    return ERROR_STATUS[this.code];
  }
}

export function errorResponse(error: ApiError, headers: Record<string, string> = {}) {
  const body: ErrorBody = { error: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) };
  return Response.json(body, { status: error.status, headers: { "Cache-Control": "no-store", ...headers, ...error.headers } });
}

// The messages of the seeds' error table, reused wherever the same failure is reported.
export const INVALID_CREDENTIALS = "The API key is missing, invalid, expired or revoked.";
/** A bearer token that is forged, expired or no longer backed by a live key. */
export const INVALID_TOKEN = "The access token is invalid or has expired.";
export const FORBIDDEN = "This key cannot act for that practice group: the practices are not in the same network.";
export const NO_SUCH_ENDPOINT = "No such endpoint. See GET /openapi.json.";
