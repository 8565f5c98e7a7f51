// The partner API's errors: one code → status map, one body shape { error, message }.
// Edge-safe (the middleware answers 401 and 429 with these too). Messages are fixed text
// chosen by the code that throws: never a stack, never anything the caller sent as a key.

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
export const FORBIDDEN = "This key cannot act for that practice group: the practices are not in the same network.";
export const NO_SUCH_ENDPOINT = "No such endpoint. See GET /api/v1/openapi.json.";
