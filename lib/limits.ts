// The API's published limits, in one place: the handlers, the middleware, the docs, the
// dashboard and the tests all read them from here. No imports, so client components can too.

/** The unit of the limits counted in days below. */
export const DAY_MS = 86_400_000;

/** Requests a minute per API key (seed 001/003), unless Hero support set a higher one. */
export const RATE_LIMIT = 300;
export const RATE_WINDOW_MS = 60_000;
/** The highest limit Hero support may set, for a connection (Super admin > Practices) or a user key (API keys > Edit). */
export const RATE_LIMIT_OVERRIDE_MAX = 6_000;
/** The override fields' hint (a user key's Edit, a connection's Change rate limit): the range before any refusal. */
export const RATE_LIMIT_OVERRIDE_HINT = `From ${RATE_LIMIT + 1} to ${RATE_LIMIT_OVERRIDE_MAX.toLocaleString("en-GB")}; leave empty for the default, ${RATE_LIMIT} a minute.`;
/** How often each instance reloads the overrides, by default (RATE_LIMIT_OVERRIDE_REFRESH_MS). */
export const OVERRIDE_REFRESH_MS = 15_000;
/** Requests a minute per client address whose key turns out unknown, revoked or expired, by default (API_AUTH_FAILURE_LIMIT). */
export const AUTH_FAILURE_LIMIT = 30;
/** How long a key that verified on an instance is exempt there from its address's failure limit. */
export const AUTH_FAILURE_EXEMPT_MS = 60_000;
/** Requests a minute per client address to the public pages (booking links, share links): patients behind one network address share it. */
export const PUBLIC_PAGE_LIMIT = 120;
/** How long a bearer token from POST /access_token lasts (less when its key expires sooner). */
export const TOKEN_TTL_SECONDS = 15 * 60;
/** How long a write's Idempotency-Key is kept (lib/idempotency.ts). */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
/** The largest request body /api/v1 reads. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Items per page of a list: at most, and when `limit` is not given. */
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;
/** A message's length, after trimming (POST /messages). */
export const MESSAGE_MAX_LENGTH = 1000;
/** GET /slots: the range when `to` is not given, and the longest allowed. */
export const SLOT_RANGE_DEFAULT_DAYS = 7;
export const SLOT_RANGE_MAX_DAYS = 31;
/** A booking link's expires_at: when not given, and how far ahead at most (POST /booking-links). */
export const BOOKING_LINK_DEFAULT_DAYS = 7;
export const BOOKING_LINK_MAX_DAYS = 30;
/** The dashboard's search boxes (Super admin lists, Search for a User, the Audit log's text filters). */
export const SEARCH_MAX_LENGTH = 100;
/** Super admin > Audit log's Export CSV: the newest events only, past which the page says so. */
export const AUDIT_LOG_EXPORT_MAX = 50_000;
/** The longest a server's exit waits for a ledger backlog PostgreSQL is taking (lib/ledger.ts): a supervisor's grace period must be known. */
export const EXIT_WAIT_MAX_MS = 60_000;
