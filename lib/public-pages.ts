// The public pages, for people without an account: a patient's booking link (/book/…) and a
// partner's share link (/share). Each request costs database work, so the middleware counts
// them per client address (PUBLIC_PAGE_LIMIT a minute) before any page or action runs. Edge-safe.
import { NextResponse, type NextRequest } from "next/server";

import { addressLimitId } from "@/lib/client-address";
import { failureMode, limitWithPolicy, publicPageLimiter, retryAfterSeconds } from "@/lib/ratelimit";

/** Set by the middleware on a public page's server action it refuses; the action answers with the refusal. */
export const PUBLIC_REFUSAL_HEADER = "x-hero-public-refusal";

const REFUSALS = {
  limited: "Too many requests from your network. Wait a minute, then try again.",
  unavailable: "This page is not available just now. Try again in a minute.",
  forwarded: "Open this page from its link, then try again.",
} as const;

/**
 * Set by Next on an action posted to a page that does not have it, which Next sends on to the one
 * that does, from the server's own address: past this path's limit, and named by the wrong address.
 */
export const FORWARDED_ACTION_HEADER = "x-action-forwarded";

/** A booking link's page, its actions and its calendar file; the share page (with or without its slash). */
export function isPublicPage(pathname: string) {
  return /^\/book\/./.test(pathname) || /^\/share\/?$/.test(pathname);
}

export async function guardPublicPage(request: NextRequest) {
  const decision = await limitWithPolicy(publicPageLimiter(), `public:${await addressLimitId(request.headers)}`, failureMode());
  if (decision.outcome === "allowed") {
    if (!request.headers.has(PUBLIC_REFUSAL_HEADER)) return NextResponse.next();
    // Only the middleware says whether a request was refused: a client's own header is dropped.
    const headers = new Headers(request.headers);
    headers.delete(PUBLIC_REFUSAL_HEADER);
    return NextResponse.next({ request: { headers } });
  }
  const refusal = decision.outcome === "unavailable" ? "unavailable" : "limited";
  // A server action goes on to its action, which answers before any database work: the page then
  // shows the refusal in its form, where a plain 429 would reach it as "could not be loaded".
  if (request.method === "POST" && request.headers.has("next-action")) {
    const headers = new Headers(request.headers);
    headers.set(PUBLIC_REFUSAL_HEADER, refusal);
    return NextResponse.next({ request: { headers } });
  }
  return new NextResponse(REFUSALS[refusal], {
    status: refusal === "unavailable" ? 503 : 429,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "retry-after": String(retryAfterSeconds(decision)) },
  });
}

/** The middleware's refusal for a public page's server action to answer with, or null (publicAction in lib/actions.ts). */
export function publicPageRefusal(headers: Headers): string | null {
  // The pages post their actions to themselves: only a hand-made request is forwarded.
  if (headers.has(FORWARDED_ACTION_HEADER)) return REFUSALS.forwarded;
  const refusal = headers.get(PUBLIC_REFUSAL_HEADER);
  return refusal === "limited" || refusal === "unavailable" ? REFUSALS[refusal] : null;
}
