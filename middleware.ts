// The edge of the app: cheap checks only, never the database.
// - Dashboard pages: no session cookie → sign-in, then back. (Pages re-check on the server.)
// - /api/v1: see lib/api/edge.ts — key shape and checksum, then the rate limit.
import { getToken } from "next-auth/jwt";
import { type NextRequest, NextResponse } from "next/server";

import { guardApiRequest } from "@/lib/api/edge";

export async function middleware(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/v1")) return guardApiRequest(request);

  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (!token) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(signIn);
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/dashboard/:path*", "/apps/:path*", "/settings/:path*", "/docs/:path*", "/api/v1/:path*"],
};
