// The API's published limits, in one place: the handlers, the middleware, the docs, the
// dashboard and the tests all read them from here. No imports, so client components can too.

/** Requests a minute per API key (seed 001/003), unless Hero support set a higher one. */
export const RATE_LIMIT = 300;
export const RATE_WINDOW_MS = 60_000;
/** The highest per-connection limit Hero support may set (Super admin > Practices). */
export const RATE_LIMIT_OVERRIDE_MAX = 6_000;
/** How often each instance reloads the overrides (RATE_LIMIT_OVERRIDE_REFRESH_MS). */
export const OVERRIDE_REFRESH_MS = 15_000;
/** How long a write's Idempotency-Key is kept (lib/idempotency.ts). */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
/** The largest request body /api/v1 reads. */
export const MAX_BODY_BYTES = 16 * 1024;
/** How far ahead a booking link's expires_at may be (POST /booking-links). */
export const BOOKING_LINK_MAX_DAYS = 30;
