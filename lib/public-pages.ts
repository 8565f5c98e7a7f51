// The public pages, for people without an account: a patient's booking link (/book/…) and a
// partner's share link (/share). Each request costs database work, so the middleware counts
// them per client address (PUBLIC_PAGE_LIMIT a minute) before any page or action runs. Edge-safe.
import { NextResponse, type NextRequest } from "next/server";

import { addressLimitId } from "@/lib/client-address";
import { failureMode, limitWithPolicy, publicPageLimiter, retryAfterSeconds } from "@/lib/ratelimit";

/** A booking link's page, its actions and its calendar file; the share page (with or without its slash). */
export function isPublicPage(pathname: string) {
  return /^\/book\/./.test(pathname) || /^\/share\/?$/.test(pathname);
}

export async function guardPublicPage(request: NextRequest) {
  const decision = await limitWithPolicy(publicPageLimiter(), `public:${await addressLimitId(request.headers)}`, failureMode());
  if (decision.outcome === "allowed") return NextResponse.next();
  const busy = decision.outcome === "unavailable";
  return new NextResponse(
    busy ? "This page is not available just now. Try again in a minute." : "Too many requests from your network. Wait a minute, then try again.",
    {
      status: busy ? 503 : 429,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "retry-after": String(retryAfterSeconds(decision)) },
    },
  );
}
