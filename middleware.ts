// The edge of the app: cheap checks only, never the database.
// - Dashboard pages: no session cookie → sign-in, then back (pages re-check on the server);
//   with one, the cookie is issued again for 8 more idle hours (lib/session-cookie.ts).
//   The developer docs (/docs) are public: partners' developers have no dashboard account.
// - /api/v1: see lib/api/edge.ts — the rate limit, then the key's shape and checksum.
// - The public booking and share pages: a limit per client address (lib/public-pages.ts).
// It runs on the Node.js runtime, which costs less CPU per request than Next's Edge sandbox
// (BENCHMARKS.md). The code stays Edge-safe (tests/middleware-edge-safe.test.ts), so it could
// move back to Edge with one line.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

import { guardApiRequest } from "@/lib/api/edge";
import { guardPublicPage, isPublicPage } from "@/lib/public-pages";
import { SESSION_COOKIE, slideSession } from "@/lib/session-cookie";

const BENCH_THROUGH_MIDDLEWARE = "/api/bench/practice-groups/through-middleware";

export async function middleware(request: NextRequest) {
  // `npm run bench` only (a 404 outside bench mode): what the middleware pipeline alone costs.
  if (request.nextUrl.pathname === BENCH_THROUGH_MIDDLEWARE) return NextResponse.next();
  if (request.nextUrl.pathname.startsWith("/api/v1")) return guardApiRequest(request);
  if (isPublicPage(request.nextUrl.pathname)) return guardPublicPage(request);

  const secret = process.env.NEXTAUTH_SECRET ?? "";
  const token = await getToken({ req: request, secret, cookieName: SESSION_COOKIE });
  if (!token) {
    // A server action from a page left open: its wrapper (lib/actions.ts) says the session has
    // ended in the form, which keeps what was typed; a redirect reaches the page as an error.
    if (request.method === "POST" && request.headers.has("next-action")) return NextResponse.next();
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    // 303: a form posted without scripts (Next's multipart action) is not posted again to the sign-in page, as a 307 would.
    return NextResponse.redirect(signIn, 303);
  }
  const response = NextResponse.next();
  // Visits only: a POST is a server action, and Sign out's clears the cookie this would set again.
  if (request.method === "GET") await slideSession(token, response, secret);
  return response;
}

export const config = {
  runtime: "nodejs",
  matcher: [
    "/dashboard/:path*",
    "/apps/:path*",
    "/settings/:path*",
    "/api/v1/:path*",
    "/book/:path+",
    "/share",
    "/api/bench/practice-groups/through-middleware",
  ],
};
